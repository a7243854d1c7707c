import { create } from "zustand";
import type { SettingsSection } from "../../src-shared/protocol/deep-link";

/** A feature's id (features/registry.ts); an unknown one shows the first feature. */
export type Tab = string;
export type ThemePref = "dark" | "light" | "system";

export interface Toast {
  id: number;
  kind: "info" | "success" | "error";
  text: string;
  fix?: string;
}

export interface UiState {
  tab: Tab;
  theme: ThemePref;
  toasts: Toast[];
  tokenPromptOpen: boolean;
  /** The server answered 401 although this browser sent a token: the saved one is wrong. */
  tokenRejected: boolean;
  /** "Later" on the restart prompt: hidden until the server's pending restart changes. */
  restartPromptDismissed: boolean;
  /** Phones: the avatar strip above the messages is shown (the user can fold it away). */
  avatarStripOpen: boolean;
  /** Text a link put in the composer (not sent); the chat view takes it and clears it. `seq` tells two equal texts apart. */
  composerPrefill: { text: string; seq: number } | null;
  /** A Settings section a link asked for; the settings view scrolls to it and clears it. */
  settingsSection: SettingsSection | null;
}

const THEME_KEY = "milady.theme";
const AVATAR_STRIP_KEY = "milady.avatarStrip";

function readFlag(key: string, fallback: boolean): boolean {
  try {
    const v = globalThis.localStorage?.getItem(key);
    if (v === "1" || v === "0") return v === "1";
  } catch {
    // storage blocked (private mode): fall back
  }
  return fallback;
}

function saveSetting(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    // storage blocked: the choice lasts for this page only
  }
}

function readTheme(): ThemePref {
  try {
    const v = globalThis.localStorage?.getItem(THEME_KEY);
    if (v === "dark" || v === "light" || v === "system") return v;
  } catch {
    // storage blocked (private mode): fall back
  }
  return "dark";
}

export const useUiStore = create<UiState>(() => ({
  tab: "chat",
  theme: readTheme(),
  toasts: [],
  tokenPromptOpen: false,
  tokenRejected: false,
  restartPromptDismissed: false,
  avatarStripOpen: readFlag(AVATAR_STRIP_KEY, true),
  composerPrefill: null,
  settingsSection: null,
}));

let toastSeq = 0;

export function setTab(tab: Tab): void {
  useUiStore.setState({ tab });
}

export function setTheme(theme: ThemePref): void {
  saveSetting(THEME_KEY, theme);
  useUiStore.setState({ theme });
}

export function setAvatarStrip(open: boolean): void {
  saveSetting(AVATAR_STRIP_KEY, open ? "1" : "0");
  useUiStore.setState({ avatarStripOpen: open });
}

/** Toasts disappear after 5 s (errors after 9 s: they usually carry a fix to read). */
export function toast(kind: Toast["kind"], text: string, fix?: string): void {
  const id = ++toastSeq;
  useUiStore.setState((s) => ({ toasts: [...s.toasts.slice(-3), { id, kind, text, fix }] }));
  setTimeout(() => dismissToast(id), kind === "error" ? 9000 : 5000);
}

export function dismissToast(id: number): void {
  useUiStore.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}

/** Opens the token dialog; `rejected` says the token this browser sent was refused. */
export function setTokenPrompt(open: boolean, rejected = false): void {
  useUiStore.setState({ tokenPromptOpen: open, tokenRejected: open && rejected });
}

export function dismissRestartPrompt(dismissed = true): void {
  useUiStore.setState({ restartPromptDismissed: dismissed });
}

let prefillSeq = 0;

export function prefillComposer(text: string | null): void {
  useUiStore.setState({ composerPrefill: text === null ? null : { text, seq: ++prefillSeq } });
}

export function showSettingsSection(section: SettingsSection | null): void {
  useUiStore.setState({ settingsSection: section });
}

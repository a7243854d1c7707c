import { type DeepLink, parseDashboardFragment } from "../../src-shared/protocol/deep-link";
import { startDraftConversation } from "./chat-actions";
import { prefillComposer, setTab, showSettingsSection } from "./ui-store";

/**
 * The desktop app opens `milady://` links by pointing the window at a fragment of the
 * dashboard (`#/chat/new?text=…`, `#/settings/<section>`, `#/pair`; src-shared/protocol/deep-link.ts).
 * The page applies one when it loads and whenever the fragment changes, then clears it,
 * so a reload does not apply it twice and the same link can be opened again.
 */
export function applyDashboardLink(link: DeepLink): void {
  switch (link.kind) {
    case "chat":
      setTab("chat");
      startDraftConversation();
      // Into the composer only: the user reads it and decides to send.
      prefillComposer(link.text);
      return;
    case "settings":
      setTab("settings");
      showSettingsSection(link.section ?? null);
      return;
    case "pair":
      // Pairing comes with LAN access; until then Settings says so in its "Pair a phone" section.
      setTab("settings");
      showSettingsSection("pair");
      return;
  }
}

/** Applies the fragment of `location` if it is a dashboard link, and clears it from the address. */
export function readDeepLink(location: Location = globalThis.location, history: History = globalThis.history): boolean {
  const link = parseDashboardFragment(location.hash);
  if (!link) return false;
  history.replaceState(history.state, "", `${location.pathname}${location.search}`);
  applyDashboardLink(link);
  return true;
}

/** Reads the fragment now and on every change; returns the unsubscribe. */
export function installDeepLinkReader(target: Window = globalThis.window): () => void {
  const read = () => void readDeepLink(target.location, target.history);
  read();
  target.addEventListener("hashchange", read);
  return () => target.removeEventListener("hashchange", read);
}

import { useEffect } from "react";
import { useUiStore } from "../../stores";

/** Mirrors the theme preference onto <html class="dark|light">, following the OS when "system". */
export function useApplyTheme(): void {
  const theme = useUiStore((s) => s.theme);
  useEffect(() => {
    const mq = globalThis.matchMedia?.("(prefers-color-scheme: light)");
    const apply = () => {
      const resolved = theme === "system" ? (mq?.matches ? "light" : "dark") : theme;
      document.documentElement.classList.remove("dark", "light");
      document.documentElement.classList.add(resolved);
    };
    apply();
    if (theme !== "system" || !mq) return;
    mq.addEventListener?.("change", apply);
    return () => mq.removeEventListener?.("change", apply);
  }, [theme]);
}

/** Ctrl/Cmd+K focuses the chat composer from anywhere (switching to the Chat tab first). */
export function useComposerHotkey(goToChat: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        goToChat();
        requestAnimationFrame(() => document.getElementById("composer")?.focus());
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [goToChat]);
}

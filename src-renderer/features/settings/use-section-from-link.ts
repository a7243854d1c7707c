import { useEffect, useState } from "react";
import type { SettingsSection } from "../../../src-shared/protocol/deep-link";
import { showSettingsSection, useUiStore } from "../../stores";

export const sectionId = (section: SettingsSection) => `settings-${section}`;
/** How long a section a link opened stays outlined, so the eye finds it. */
const HIGHLIGHT_MS = 1600;

/**
 * A section a link asked for (milady://settings/<section>): scrolled into view and focused once
 * it is on the page (server and data wait for the config), then the request is cleared.
 * Returns the section to outline for a moment.
 */
export function useSectionFromLink(pageComplete: boolean): SettingsSection | null {
  const wanted = useUiStore((s) => s.settingsSection);
  const [highlighted, setHighlighted] = useState<SettingsSection | null>(null);
  useEffect(() => {
    if (!wanted) return;
    const el = document.getElementById(sectionId(wanted));
    if (!el) {
      // Not on this page (the desktop section in a browser tab): give up once the page is complete.
      if (pageComplete) showSettingsSection(null);
      return;
    }
    el.scrollIntoView?.({ block: "start" });
    el.focus({ preventScroll: true });
    setHighlighted(wanted);
    showSettingsSection(null);
  }, [wanted, pageComplete]);
  useEffect(() => {
    if (!highlighted) return;
    const timer = setTimeout(() => setHighlighted(null), HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [highlighted]);
  return highlighted;
}

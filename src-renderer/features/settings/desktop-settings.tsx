import { useState } from "react";
import { patchConfig, toast } from "../../stores";

/** The desktop app's own settings (shown only in its window). */
export function DesktopSettings({ closeToTray }: { closeToTray: boolean }) {
  const [saving, setSaving] = useState(false);
  const change = async (next: boolean) => {
    setSaving(true);
    try {
      await patchConfig({ config: { desktop: { closeToTray: next } } });
    } catch (e) {
      const err = e as { message?: string; fix?: string };
      toast("error", err.message ?? String(e), err.fix);
    } finally {
      setSaving(false);
    }
  };
  return (
    <label className="flex cursor-pointer items-start gap-3 text-sm">
      <input
        type="checkbox"
        className="mt-1 accent-[var(--accent)]"
        checked={closeToTray}
        disabled={saving}
        onChange={(e) => void change(e.target.checked)}
      />
      <span>
        <span className="block font-medium text-fg">Keep running in the tray when the window is closed</span>
        <span className="block text-muted">
          {closeToTray
            ? "The agent keeps answering. Open Dashboard in the tray brings the window back; Quit Milady stops it."
            : "Closing the window quits Milady and stops the agent."}
        </span>
      </span>
    </label>
  );
}

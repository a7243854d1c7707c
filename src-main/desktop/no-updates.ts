import type { DesktopShell } from "./shell";
import type { DesktopUpdates } from "./update-port";

/**
 * The menus' view of updates when no update policy is plugged in (a development build, or
 * before src-main/desktop/updates/ lands): "Check for Updates" says so instead of doing nothing.
 */
export function updatesNotSetUp(shell: DesktopShell, version: string): DesktopUpdates {
  return {
    menuState: () => ({ busy: false }),
    onChange: () => () => undefined,
    async checkNow() {
      shell.notify({ title: `Milady ${version}`, body: "Updates are not set up in this build." });
    },
    async restartToUpdate() {},
  };
}

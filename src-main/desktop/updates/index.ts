import type { HeadlessApp } from "../../app/headless";
import { updateSettingsOf } from "../../app/updates-service";
import { createLogger } from "../../logging";
import { VERSION } from "../../version";
import type { DesktopShell } from "../shell";
import type { DesktopUpdates } from "../update-port";
import { AppliedRecord, appliedRecordPath } from "./applied-record";
import { type Clock, systemClock } from "./clock";
import { DesktopUpdatePolicy } from "./policy";

export { type ElectrobunUpdaterApi, shellUpdaterFrom } from "./electrobun-updater";
export { DesktopUpdatePolicy } from "./policy";

/**
 * Makes the desktop app's updates Electrobun's (through shell.updater): the policy replaces the
 * updates service's placeholder, so /api/updates and /ws follow it, and it is returned for the
 * tray and the app menu. Call once, after the shell exists.
 */
export function startDesktopUpdates(
  app: Pick<HeadlessApp, "store" | "updates" | "activity" | "logs">,
  shell: Pick<DesktopShell, "updater" | "notify" | "devBuild">,
  options: { clock?: Clock } = {},
): DesktopUpdates {
  const log = createLogger(app.logs, "updates");
  const policy = new DesktopUpdatePolicy({
    updater: shell.updater,
    notify: (notification) => shell.notify(notification),
    devBuild: shell.devBuild,
    settings: updateSettingsOf(app.store),
    activity: app.activity,
    record: new AppliedRecord(appliedRecordPath(app.store.paths.stateDir), (why) => log.warn(why)),
    clock: options.clock ?? systemClock,
    log,
    version: VERSION,
  });
  app.updates.use(policy);
  void policy.start();
  return policy;
}

export { type Activity, watchActivity } from "./activity";
export { awaitingDesktop } from "./awaiting-desktop";
export type { ApplyAnswer, UpdateSettings, UpdatesBackend } from "./backend";
export { dailyCheckDue, type LastCheck, readLastCheck, updateChecksDisabled, writeLastCheck } from "./daily-check";
export { HeadlessUpdates, type HeadlessUpdatesOptions, UPDATE_COMMAND } from "./headless-backend";
export { detectInstallMethod, type InstallMethod, type Step, updateSteps } from "./install-method";
export {
  CHANNEL_TAG,
  checkRegistry,
  RegistryUnreachable,
  type UpdateChannel,
  type UpdateCheck,
  updateRegistry,
} from "./registry-check";
export { compareVersions, parseVersion } from "./semver";
export { UpdatesService } from "./updates-service";

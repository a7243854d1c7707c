export { type LastCheck, readLastCheck, startupUpdateCheck, updateChecksDisabled, writeLastCheck } from "./daily-check";
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

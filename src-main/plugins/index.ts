export { CORE, coreSkew, miladyCore } from "./core-link";
export {
  createPluginInstaller,
  type InstallOptions,
  type InstallProgress,
  type InstallResult,
  installedDir,
  type PluginInstaller,
  specName,
} from "./installer";
export { configuredRegistry, findNpm } from "./npm";
export { looksLikeElizaPlugin, type PluginPackageJson, readPackageJson } from "./package-info";

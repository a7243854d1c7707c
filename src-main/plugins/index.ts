export { CORE, coreSkew, miladyCore } from "./core-link";
export { corePluginNames, FEATURE_PLUGINS, MODEL_KEY_PLUGINS, SHELL_PLUGINS } from "./core-plugins";
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
export { describePluginDir, entryFile, findPackageDir, readPackage, scanPluginRoot } from "./plugin-dirs";
export { type PlanInput, resolvePluginPlan } from "./resolve-plan";

export { corePluginNames, FEATURE_PLUGINS, MODEL_KEY_PLUGINS, SHELL_PLUGINS } from "./core-plugins";
export { describePluginDir, entryFile, findPackageDir, readPackage, scanPluginRoot } from "./plugin-dirs";
export { type PlanInput, resolvePluginPlan } from "./resolve-plan";

export { writeFileAtomic } from "./atomic-write";
export { type ConfigFlags, resolveEffectiveConfig } from "./cascade";
export { ConfigError } from "./config-error";
export { getPath } from "./deep-merge";
export { parseEnvText, updateEnvText } from "./env-file";
export { resolveStatePaths, validateProfileName } from "./paths";
export { collectSecrets, effectiveProvider } from "./secrets";
export { type ConfigStoreOptions, FileConfigStore } from "./store";
export type { CharacterSaved, ConfigStore, StatePaths } from "./types";

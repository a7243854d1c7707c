import { PROVIDER_KEY } from "../../src-shared/config";
import {
  BOOTSTRAP_PLUGIN,
  MILADY_PLUGIN,
  type ModelProvider,
  PROVIDER_PLUGINS,
  SQL_PLUGIN,
} from "../../src-shared/protocol";

/** The plugins every start has, in registration order (the agent builds or imports each one itself). */
export function corePluginNames(provider: ModelProvider): string[] {
  return [SQL_PLUGIN, ...(provider === "none" ? [] : [PROVIDER_PLUGINS[provider]]), BOOTSTRAP_PLUGIN, MILADY_PLUGIN];
}

/** Core plugins that are npm packages in Milady's own node_modules (the others are built in the agent). */
export function isNpmCore(name: string): boolean {
  return name.startsWith("@");
}

/** A provider key set means its plugin is loaded too (not as the chosen model: the agent keeps the chosen one first). */
export const MODEL_KEY_PLUGINS: { key: string; plugin: string }[] = Object.entries(PROVIDER_KEY).flatMap(
  ([provider, key]) => (key ? [{ key, plugin: PROVIDER_PLUGINS[provider as Exclude<ModelProvider, "none">] }] : []),
);

/** Plugins that give the agent a shell: refused unless features.shellEnabled is true. */
export const SHELL_PLUGINS = ["@elizaos/plugin-shell", "@elizaos/plugin-terminal", "@elizaos/plugin-bash"];

/**
 * features.<flag> -> the plugins it governs: off refuses them (with the flag as reason); on adds
 * them when the package is there (installed or in Milady's node_modules).
 */
export const FEATURE_PLUGINS: Record<string, string[]> = {
  shellEnabled: SHELL_PLUGINS,
};

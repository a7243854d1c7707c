import type { ModelProvider } from "./agent-state";

/** The elizaOS plugin that serves each model provider (one list: the agent loads these, the API protects them). */
export const PROVIDER_PLUGINS: Record<Exclude<ModelProvider, "none">, string> = {
  local: "milady-local-model",
  ollama: "milady-ollama",
  scripted: "milady-scripted-model",
  openai: "@elizaos/plugin-openai",
  anthropic: "@elizaos/plugin-anthropic",
  openrouter: "@elizaos/plugin-openrouter",
  groq: "@elizaos/plugin-groq",
  google: "@elizaos/plugin-google-genai",
};

export const SQL_PLUGIN = "@elizaos/plugin-sql";
export const BOOTSTRAP_PLUGIN = "@elizaos/plugin-bootstrap";
export const MILADY_PLUGIN = "milady";

/**
 * Plugins the agent cannot run without: the database, the message pipeline and
 * whichever plugin serves the model. Disabling one would leave an agent that
 * cannot start or cannot answer, so the API refuses it and the UI does not offer it.
 */
const CORE_PLUGINS = new Set([SQL_PLUGIN, BOOTSTRAP_PLUGIN, ...Object.values(PROVIDER_PLUGINS)]);

export function isCorePlugin(name: string): boolean {
  return CORE_PLUGINS.has(name);
}

/** "bootstrap" matches "@elizaos/plugin-bootstrap" (and "milady-x" matches "x"); full names match too. */
export function pluginNameMatches(name: string, list: readonly string[]): boolean {
  const short = name.replace(/^@elizaos\/plugin-/, "").replace(/^milady-/, "");
  return list.some((d) => d === name || d === short || `@elizaos/plugin-${d}` === name);
}

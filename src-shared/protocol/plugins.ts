/**
 * Plugins the agent cannot run without: the database, the message pipeline and
 * whichever plugin serves the model. Disabling one would leave an agent that
 * cannot start or cannot answer, so the API refuses it and the UI does not offer it.
 */
const CORE_PLUGINS = new Set([
  "@elizaos/plugin-sql",
  "@elizaos/plugin-bootstrap",
  "@elizaos/plugin-openai",
  "@elizaos/plugin-anthropic",
  "@elizaos/plugin-openrouter",
  "@elizaos/plugin-groq",
  "@elizaos/plugin-google-genai",
  "milady-local-llama",
  "milady-ollama",
  "milady-scripted-model",
]);

export function isCorePlugin(name: string): boolean {
  return CORE_PLUGINS.has(name);
}

import { type MiladyConfig, PROVIDER_KEY, SECRET_KEYS } from "../../src-shared/config";
import type { ModelProvider } from "../../src-shared/protocol";

/** Settings handed to the agent besides config: provider keys and a few elizaOS knobs. */
const PASS_THROUGH = [...SECRET_KEYS, "OLLAMA_API_ENDPOINT", "OPENAI_BASE_URL", "ANTHROPIC_BASE_URL"];

/** The secrets in effect; `extra` are the names installed plugins declare (plugins.entries.*.secrets). */
export function collectSecrets(
  env: Record<string, string | undefined>,
  extra: readonly string[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of [...PASS_THROUGH, ...extra]) {
    const value = env[key];
    if (value) out[key] = value;
  }
  return out;
}

/**
 * The provider in effect: the configured one, else a local model if one is set,
 * else the first cloud provider with a key, else Ollama if an endpoint is set.
 */
export function effectiveProvider(config: MiladyConfig, secrets: Record<string, string>): ModelProvider {
  if (config.models.provider) return config.models.provider;
  if (config.models.local.path) return "local";
  for (const [provider, key] of Object.entries(PROVIDER_KEY)) {
    if (key && secrets[key]) return provider as ModelProvider;
  }
  if (config.models.ollamaEndpoint) return "ollama";
  return "none";
}

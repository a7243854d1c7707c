import { configSchema, type LogLevel, type MiladyConfig } from "../../src-shared/config";
import { ConfigError, describeIssues } from "./config-error";
import { deepMerge, getPath, type Plain, setPath } from "./deep-merge";

/** Command-line flags that override everything else. */
export interface ConfigFlags {
  port?: number;
  bind?: string;
  model?: string;
  logLevel?: LogLevel;
  host?: "worker" | "process";
}

/** Environment variables that map onto config keys (provider keys are secrets, not config). */
const ENV_KEYS: Array<{ env: string; key: string; type: "string" | "int" }> = [
  { env: "MILADY_PORT", key: "server.port", type: "int" },
  { env: "MILADY_BIND", key: "server.bind", type: "string" },
  { env: "MILADY_MODEL", key: "models.local.path", type: "string" },
  { env: "MILADY_EMBEDDING_MODEL", key: "models.local.embeddingPath", type: "string" },
  { env: "MILADY_PROVIDER", key: "models.provider", type: "string" },
  { env: "MILADY_THREADS", key: "models.local.threads", type: "int" },
  { env: "MILADY_AGENT_HOST", key: "agent.host", type: "string" },
  { env: "LOG_LEVEL", key: "logging.level", type: "string" },
  { env: "MILADY_LOG_LEVEL", key: "logging.level", type: "string" },
  { env: "OLLAMA_API_ENDPOINT", key: "models.ollamaEndpoint", type: "string" },
];

const FLAG_KEYS: Record<keyof ConfigFlags, string> = {
  port: "server.port",
  bind: "server.bind",
  model: "models.local.path",
  logLevel: "logging.level",
  host: "agent.host",
};

const FLAG_NAMES: Record<keyof ConfigFlags, string> = {
  port: "--port",
  bind: "--bind",
  model: "--model",
  logLevel: "--verbose/--debug",
  host: "--host",
};

/** Built-in profile overrides: the `dev` profile runs on the dev port. */
export function profileLayer(profile: string | undefined): Plain {
  return profile === "dev" ? { server: { port: 31337 } } : {};
}

interface Layer {
  values: Plain;
  /** config key -> where it came from, for error messages */
  origins: Map<string, string>;
}

export function envLayer(env: Record<string, string | undefined>): Layer {
  let values: Plain = {};
  const origins = new Map<string, string>();
  for (const { env: name, key, type } of ENV_KEYS) {
    const raw = env[name];
    if (raw === undefined || raw === "") continue;
    let value: unknown = raw;
    if (type === "int") {
      value = Number(raw);
      if (!Number.isInteger(value)) {
        throw new ConfigError(
          `${name}=${raw} is not a whole number: set it to e.g. ${name}=2138 or unset it.`,
          name,
          key,
        );
      }
    }
    values = setPath(values, key, value);
    origins.set(key, `environment variable ${name}`);
  }
  return { values, origins };
}

export function flagLayer(flags: ConfigFlags): Layer {
  let values: Plain = {};
  const origins = new Map<string, string>();
  for (const [flag, key] of Object.entries(FLAG_KEYS) as Array<[keyof ConfigFlags, string]>) {
    if (flags[flag] === undefined) continue;
    values = setPath(values, key, flags[flag]);
    origins.set(key, `flag ${FLAG_NAMES[flag]}`);
  }
  return { values, origins };
}

export interface CascadeInput {
  /** milady.json as read (already validated on its own). */
  file: Plain;
  fileName: string;
  profile?: string;
  /** process.env over the .env files. */
  env: Record<string, string | undefined>;
  flags: ConfigFlags;
}

/** defaults < profile < milady.json < .env < environment < flags */
export function resolveEffectiveConfig(input: CascadeInput): MiladyConfig {
  const env = envLayer(input.env);
  const flags = flagLayer(input.flags);
  let merged = deepMerge(profileLayer(input.profile), input.file);
  merged = deepMerge(merged, env.values);
  merged = deepMerge(merged, flags.values);
  const result = configSchema.safeParse(merged);
  if (result.success) return result.data;
  const { key, text } = describeIssues(result.error.issues);
  const origin = flags.origins.get(key) ?? env.origins.get(key) ?? input.fileName;
  throw new ConfigError(`Invalid value from ${origin} for "${key}":\n${text}`, origin, key);
}

export { getPath };

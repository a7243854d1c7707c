import { z } from "zod";
import { configCharacterSchema } from "../character/config-character";
import { modelProviderSchema } from "../protocol/agent-state";
import { DEFAULT_CHARACTER } from "../protocol/character";
import { updateChannelSchema, updateModeSchema } from "../protocol/updates";
import {
  autonomyConfigSchema,
  connectorsConfigSchema,
  DEFAULT_PLUGINS_CONFIG,
  featuresConfigSchema,
  mcpConfigSchema,
  pluginsConfigSchema,
} from "./extensions-schema";

export const DEFAULT_PORT = 2138;
/** HTTPS for LAN clients (phones), next to the loopback port. */
export const DEFAULT_LAN_PORT = 2139;
export const DEV_PORT = 31337;
export const DEFAULT_BIND = "127.0.0.1";

export const LOG_LEVELS = ["error", "warn", "info", "debug"] as const;
export const logLevelSchema = z.enum(LOG_LEVELS);
export type LogLevel = z.infer<typeof logLevelSchema>;

/** Providers a user can choose: every model provider but the scripted test double. */
export const configProviderSchema = modelProviderSchema.exclude(["scripted"]);
export const CONFIG_PROVIDERS = configProviderSchema.options;

/** `/path/to/file.gguf` or `hf:owner/repo/file.gguf` (optionally `hf:owner/repo:quant`). */
export const modelRefSchema = z
  .string()
  .trim()
  .min(1)
  .refine((v) => v.startsWith("hf:") || v.endsWith(".gguf") || v.includes("/") || v.includes("\\"), {
    message: "must be a path to a .gguf file or an hf: URI (hf:owner/repo/file.gguf)",
  });

export const localModelSchema = z.strictObject({
  /** Chat model: a GGUF path (absolute, or relative to <state>/models) or an hf: URI. */
  path: modelRefSchema.optional(),
  /** Embedding model; the chat model serves embeddings when unset. */
  embeddingPath: modelRefSchema.optional(),
  /** CPU threads; unset means "cores - 1, at least 1" (llama.cpp's default of >= 4 thrashes on small machines). */
  threads: z.number().int().min(1).max(256).optional(),
  contextSize: z.number().int().min(256).max(131072).default(4096),
  maxTokens: z.number().int().min(16).max(8192).default(512),
  /** Unload the model after this many idle seconds; 0 keeps it loaded. */
  idleUnloadSeconds: z.number().int().min(0).max(86400).default(600),
  temperature: z.number().min(0).max(2).default(0.7),
});

export const configSchema = z
  .strictObject({
    $schemaVersion: z.literal(1).default(1),
    agent: z
      .strictObject({
        /** Where the elizaOS runtime runs: a Bun Worker (fast) or a child process (crash-isolated). */
        host: z.enum(["worker", "process"]).default("worker"),
        autoStart: z.boolean().default(true),
        /** Per-request timeout for a chat turn, in seconds. */
        replyTimeoutSeconds: z.number().int().min(5).max(3600).default(300),
      })
      .default({ host: "worker", autoStart: true, replyTimeoutSeconds: 300 }),
    /** Character files in elizaOS 0.x/1.x shapes are normalised at load; unknown keys are errors. */
    character: configCharacterSchema.default(DEFAULT_CHARACTER),
    server: z
      .strictObject({
        port: z.number().int().min(0).max(65535).default(DEFAULT_PORT),
        bind: z.string().min(1).default(DEFAULT_BIND),
        /** Largest request body accepted (JSON and uploads), in bytes. */
        maxBodyBytes: z
          .number()
          .int()
          .min(1024)
          .max(100 * 1024 * 1024)
          .default(12 * 1024 * 1024),
        /** LAN access (phones): HTTPS on lanPort for other hosts, each paired device with its own token. */
        lan: z.boolean().default(false),
        /** The HTTPS port LAN clients use (in the pairing QR and the mDNS records); 0 picks a free one. */
        lanPort: z.number().int().min(0).max(65535).default(DEFAULT_LAN_PORT),
        pairing: z
          .strictObject({
            /** A phone with the right code still waits for Approve on the desktop. */
            approve: z.boolean().default(false),
          })
          .default({ approve: false }),
      })
      .default({
        port: DEFAULT_PORT,
        bind: DEFAULT_BIND,
        maxBodyBytes: 12 * 1024 * 1024,
        lan: false,
        lanPort: DEFAULT_LAN_PORT,
        pairing: { approve: false },
      }),
    models: z
      .strictObject({
        provider: configProviderSchema.optional(),
        local: localModelSchema.default({
          contextSize: 4096,
          maxTokens: 512,
          idleUnloadSeconds: 600,
          temperature: 0.7,
        }),
        ollamaEndpoint: z.string().url().optional(),
        /** Remote model ids per provider, e.g. { openai: "gpt-4o-mini" }. */
        remoteModel: z.string().optional(),
      })
      .default({
        local: { contextSize: 4096, maxTokens: 512, idleUnloadSeconds: 600, temperature: 0.7 },
      }),
    database: z
      .strictObject({
        /**
         * Where the agent's data lives: the embedded PGlite under the state dir, or a PostgreSQL
         * server (with pgvector). Unset: postgres when a URL is set, else PGlite (database-choice.ts).
         */
        provider: z.enum(["pglite", "postgres"]).optional(),
        /** PostgreSQL URL (or the POSTGRES_URL secret, which keeps a password out of milady.json). */
        postgresUrl: z.string().optional(),
      })
      .default({}),
    plugins: pluginsConfigSchema.default(DEFAULT_PLUGINS_CONFIG),
    connectors: connectorsConfigSchema,
    features: featuresConfigSchema,
    mcp: mcpConfigSchema,
    autonomy: autonomyConfigSchema,
    updates: z
      .strictObject({
        /** stable follows npm's `latest`, beta `beta`, canary `canary` (desktop builds); `dev` builds never update. */
        channel: updateChannelSchema.default("stable"),
        /** auto: download in the background; notify: say a new version is there; off: no scheduled checks (Check now still works). */
        mode: updateModeSchema.default("auto"),
      })
      .default({ channel: "stable", mode: "auto" }),
    logging: z
      .strictObject({
        level: logLevelSchema.default("info"),
      })
      .default({ level: "info" }),
    ui: z
      .strictObject({
        onboardingCompleted: z.boolean().default(false),
        /** File name in <state>/avatars, or unset for the default avatar. */
        avatar: z.string().optional(),
        theme: z.enum(["dark", "light", "system"]).default("system"),
      })
      .default({ onboardingCompleted: false, theme: "system" }),
    desktop: z
      .strictObject({
        /** Closing the window keeps Milady running in the tray (Open Dashboard brings it back); off: closing quits. */
        closeToTray: z.boolean().default(true),
      })
      .default({ closeToTray: true }),
  })
  .strict();

export type MiladyConfig = z.infer<typeof configSchema>;
export type MiladyConfigInput = z.input<typeof configSchema>;

/** Keys that are secrets: kept in <state>/.env, masked whenever shown, write-only over the API. */
export const SECRET_KEYS = [
  "OPENAI_API_KEY",
  "ANTHROPIC_API_KEY",
  "OPENROUTER_API_KEY",
  "GROQ_API_KEY",
  "GOOGLE_GENERATIVE_AI_API_KEY",
  "MILADY_API_TOKEN",
  /** The owner's token for other hosts (LAN access), made the first time LAN access is used. */
  "MILADY_OWNER_TOKEN",
  "POSTGRES_URL",
  // Connector tokens (src-shared/protocol/connectors.ts).
  "TELEGRAM_BOT_TOKEN",
  "DISCORD_API_TOKEN",
  "DISCORD_APPLICATION_ID",
] as const;
export type SecretKey = (typeof SECRET_KEYS)[number];

/** Secrets the dashboard may write (the API and owner tokens are never writable over the API). */
export const API_WRITABLE_SECRETS = SECRET_KEYS.filter((k) => k !== "MILADY_API_TOKEN" && k !== "MILADY_OWNER_TOKEN");

export const PROVIDER_KEY: Record<string, SecretKey | undefined> = {
  openai: "OPENAI_API_KEY",
  anthropic: "ANTHROPIC_API_KEY",
  openrouter: "OPENROUTER_API_KEY",
  groq: "GROQ_API_KEY",
  google: "GOOGLE_GENERATIVE_AI_API_KEY",
};

export function defaultConfig(): MiladyConfig {
  return configSchema.parse({});
}

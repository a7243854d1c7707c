import { z } from "zod";
import { dbRecoverySchema } from "./database";
import { wireErrorSchema } from "./errors";
import { noticeSchema } from "./notices";

/**
 * Agent lifecycle, owned by the main process (AgentManager).
 *
 *   not_started ──start──▶ starting ──ready──▶ running ◀──resume── paused
 *        ▲                    │  ▲               │  │──pause──▶ ▲
 *        │                 crash │             stop crash        │
 *        │                    ▼  │               ▼  ▼            │
 *     (never)              error ─(backoff)─▶ restarting    stopped ──start──▶ starting
 */
export const AGENT_STATES = ["not_started", "starting", "running", "paused", "stopped", "restarting", "error"] as const;
export const agentStateSchema = z.enum(AGENT_STATES);
export type AgentState = z.infer<typeof agentStateSchema>;

export const MODEL_PROVIDERS = [
  "local",
  "openai",
  "anthropic",
  "openrouter",
  "groq",
  "google",
  "ollama",
  "scripted",
  "none",
] as const;
export const modelProviderSchema = z.enum(MODEL_PROVIDERS);
export type ModelProvider = z.infer<typeof modelProviderSchema>;

export const modelInfoSchema = z.object({
  provider: modelProviderSchema,
  /** File name of a local GGUF, or the remote model id. */
  name: z.string().optional(),
  embeddingName: z.string().optional(),
  loaded: z.boolean().default(false),
});
export type ModelInfo = z.infer<typeof modelInfoSchema>;

/**
 * loaded / failed (import or init threw: `reason`) / disabled (switched off by the user) /
 * denied (plugins.deny) / refused (e.g. a custom plugin that would shadow a core one: `reason`).
 */
export const pluginStatusSchema = z.object({
  name: z.string(),
  status: z.enum(["loaded", "failed", "disabled", "denied", "refused"]),
  reason: z.string().optional(),
  /** Where it came from: core (Milady's own), npm (Milady's node_modules), installed, ejected, custom, path (plugins.load.paths). */
  source: z.enum(["core", "npm", "installed", "ejected", "custom", "path"]).optional(),
  version: z.string().optional(),
  description: z.string().optional(),
});
export type PluginStatus = z.infer<typeof pluginStatusSchema>;

export const dbInfoSchema = z.object({
  kind: z.enum(["pglite", "postgres"]),
  /** Data directory for PGlite; a masked URL for PostgreSQL. */
  location: z.string(),
  /** Set when the PGlite directory was damaged at this start: the untouched copy of it. */
  recoveredBackup: z.string().optional(),
  /** What this start did to the PGlite database to open it (repairs, a replacement, a restored PG_VERSION). */
  recoveries: z.array(dbRecoverySchema).optional(),
  /** `degraded` after a failed write or read, until one succeeds again; `problem` says why and what to do. */
  health: z.enum(["ok", "degraded"]).optional(),
  problem: wireErrorSchema.optional(),
});
export type DbInfo = z.infer<typeof dbInfoSchema>;

export const statusSnapshotSchema = z.object({
  state: agentStateSchema,
  agentId: z.string().optional(),
  agentName: z.string(),
  host: z.enum(["worker", "process"]),
  model: modelInfoSchema,
  /** False when a chat message would fail; `reason` says why and how to fix it. */
  canReply: z.boolean(),
  reason: wireErrorSchema.optional(),
  lastError: wireErrorSchema.optional(),
  restarts: z.number().int().nonnegative(),
  /** When the next automatic restart fires (epoch ms), while in `error`. */
  nextRestartAt: z.number().optional(),
  startedAt: z.number().optional(),
  db: dbInfoSchema.optional(),
  plugins: z.array(pluginStatusSchema).default([]),
  /** True while the running agent uses a config older than the saved one (a restart applies it). */
  restartPending: z.boolean().default(false),
  /** What happened that the user has not acknowledged yet (POST /api/notices/:id/ack), newest first. */
  notices: z.array(noticeSchema).default([]),
  version: z.string(),
});
export type StatusSnapshot = z.infer<typeof statusSnapshotSchema>;

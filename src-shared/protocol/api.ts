import { z } from "zod";
import { configSchema } from "../config/schema";
import { type AgentState, statusSnapshotSchema } from "./agent-state";

/**
 * GET /api/health answers without a token so probes (containers, service managers) can use it;
 * the details come only with the token (or when none is needed).
 */
export const healthResponseSchema = z.object({
  ok: z.literal(true),
  version: z.string().optional(),
  uptimeMs: z.number().optional(),
  /** Server run id; events on /ws carry the same runId. */
  runId: z.string().optional(),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;

/** GET /api/status: a snapshot plus the seq it corresponds to, so a client follows /ws from there. */
export const statusResponseSchema = statusSnapshotSchema.extend({
  runId: z.string(),
  seq: z.number().int().nonnegative(),
});
export type StatusResponse = z.infer<typeof statusResponseSchema>;

export const AGENT_ACTIONS = ["start", "stop", "restart", "pause", "resume"] as const;
export type AgentAction = (typeof AGENT_ACTIONS)[number];

/**
 * What a client offers in each state (the dashboard's buttons, the tray's items), so they
 * agree: nothing while it starts or restarts; Start when it is not there (stopped, never
 * started, failed); Pause or Resume, Restart and Stop while it is there.
 */
export function agentActionsFor(state: AgentState | undefined): AgentAction[] {
  switch (state) {
    case undefined:
    case "starting":
    case "restarting":
      return [];
    case "running":
      return ["pause", "restart", "stop"];
    case "paused":
      return ["resume", "restart", "stop"];
    default:
      return ["start"];
  }
}

/** GET /api/config: the effective config with secrets masked, plus where it came from. */
export const configViewSchema = z.object({
  config: configSchema,
  /** Secret name -> masked value, or null when unset. */
  secrets: z.record(z.string(), z.string().nullable()),
  paths: z.object({
    stateDir: z.string(),
    configFile: z.string(),
    envFile: z.string(),
    modelsDir: z.string(),
    dataDir: z.string(),
    avatarsDir: z.string(),
    logsDir: z.string(),
  }),
  /** True when a change needs an agent restart to take effect. */
  restartRequired: z.boolean().optional(),
});
export type ConfigView = z.infer<typeof configViewSchema>;

/** PATCH /api/config body: a deep-partial config plus write-only secrets. */
export const configPatchSchema = z.strictObject({
  config: z.record(z.string(), z.unknown()).optional(),
  /** Write-only provider keys; an empty string removes the key. */
  secrets: z.record(z.string(), z.string()).optional(),
});
export type ConfigPatch = z.infer<typeof configPatchSchema>;

export const localModelFileSchema = z.object({
  file: z.string(),
  path: z.string(),
  bytes: z.number(),
  validGguf: z.boolean(),
});
export type LocalModelFile = z.infer<typeof localModelFileSchema>;

export const modelDownloadRequestSchema = z.object({
  uri: z.string().trim().startsWith("hf:", "must be an hf: URI, e.g. hf:owner/repo/file.gguf"),
});

export const avatarInfoSchema = z.object({
  /** URL the renderer loads the current VRM from. */
  url: z.string(),
  name: z.string(),
  custom: z.boolean(),
});
export type AvatarInfo = z.infer<typeof avatarInfoSchema>;

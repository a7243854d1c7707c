import { z } from "zod";
import { autonomyConfigSchema, CONNECTOR_IDS, featuresConfigSchema } from "../config/extensions-schema";
import { dbInfoSchema, modelInfoSchema, modelProviderSchema, pluginStatusSchema } from "./agent-state";
import { characterSchema } from "./character";
import { wireErrorSchema } from "./errors";
import { pluginPlanSchema } from "./plugin-plan";

/**
 * The envelope between the main process (AgentManager) and the agent (src-agent),
 * identical over a Bun Worker and over a child process's IPC channel. It knows no
 * capability: `request`, `response` and `event` carry a channel's methods and events,
 * which each capability declares in src-shared/contracts and which are validated there.
 * Bump HOST_PROTOCOL_VERSION on any incompatible change: the agent refuses a mismatch in `init`.
 */
export const HOST_PROTOCOL_VERSION = 3;

export const localModelBootSchema = z.object({
  /** Absolute path of the chat GGUF, when one is configured and present. */
  path: z.string().optional(),
  embeddingPath: z.string().optional(),
  threads: z.number().int().min(1),
  contextSize: z.number().int(),
  maxTokens: z.number().int(),
  idleUnloadSeconds: z.number().int(),
  temperature: z.number(),
});

export const extensionsBootSchema = z.object({
  connectors: z.array(
    z.object({
      id: z.enum(CONNECTOR_IDS),
      /** The installed package directory (when the agent imports it itself, not through the plugin plan). */
      path: z.string().optional(),
      /** The service's API base for the token check (a named test double in tests). */
      apiBase: z.string().optional(),
    }),
  ),
  mcp: z
    .object({
      path: z.string().optional(),
      servers: z.record(
        z.string(),
        z.object({ command: z.string(), args: z.array(z.string()), env: z.record(z.string(), z.string()) }),
      ),
    })
    .optional(),
});

export const agentBootConfigSchema = z.object({
  stateDir: z.string(),
  /** The agent's id: one per state directory (`<state>/agent-id`), so agents sharing a PostgreSQL server keep their rows apart. */
  agentId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "a UUID"),
  /** PGlite data directory (ignored when postgresUrl is set). */
  dataDir: z.string(),
  postgresUrl: z.string().optional(),
  /** A migrated, empty PGlite database (build/make-db-template.ts) copied in when dataDir does not exist yet. */
  pgliteTemplate: z.string().optional(),
  modelsDir: z.string(),
  character: characterSchema,
  provider: modelProviderSchema,
  local: localModelBootSchema,
  ollamaEndpoint: z.string().optional(),
  remoteModel: z.string().optional(),
  /** Provider keys and other settings handed to elizaOS as runtime settings; never logged. */
  secrets: z.record(z.string(), z.string()),
  logLevel: z.enum(["error", "warn", "info", "debug"]),
  /** Every plugin main resolved for this start (core, allow, connectors, keys, installs, directories) and why one will not load. */
  plugins: pluginPlanSchema,
  /** Feature flags (features.shellEnabled gates shell custom actions); absent = all off. */
  features: featuresConfigSchema.optional(),
  /** The autonomy loop's config at start (changes later arrive on the autonomy channel). */
  autonomy: autonomyConfigSchema.optional(),
  /** Why the agent cannot reply (no model configured...), decided by main from config. */
  noModelReason: wireErrorSchema.optional(),
  /** Connector plugins and plugin-mcp to load from their installed directories (src-main/connectors/boot.ts). */
  extensions: extensionsBootSchema.optional(),
});
export type AgentBootConfig = z.infer<typeof agentBootConfigSchema>;

// ---------- main -> agent ----------

export const hostToAgentSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("init"),
    protocolVersion: z.number().int(),
    boot: agentBootConfigSchema,
  }),
  /** Calls `method` of capability `channel`; `params` are checked against its contract by the agent. */
  z.object({
    type: z.literal("request"),
    id: z.string(),
    channel: z.string(),
    method: z.string(),
    params: z.unknown(),
  }),
]);
export type HostToAgent = z.infer<typeof hostToAgentSchema>;
export type HostRequestMessage = Extract<HostToAgent, { type: "request" }>;

// ---------- agent -> main ----------

const agentMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("hello"), protocolVersion: z.number().int(), pid: z.number().int() }),
  z.object({
    type: z.literal("ready"),
    agentId: z.string(),
    model: modelInfoSchema,
    canReply: z.boolean(),
    reason: wireErrorSchema.optional(),
    plugins: z.array(pluginStatusSchema),
    db: dbInfoSchema,
  }),
  z.object({ type: z.literal("init_failed"), error: wireErrorSchema }),
  /** Something capability `channel` tells main (its contract's `events[name]`). */
  z.object({ type: z.literal("event"), channel: z.string(), name: z.string(), payload: z.unknown() }),
]);
/** The answer to a request: `ok` tells a result from an error. */
export const agentResponseSchema = z.union([
  z.object({ type: z.literal("response"), id: z.string(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal("response"), id: z.string(), ok: z.literal(false), error: wireErrorSchema }),
]);

// zod 4 refuses two options with the same discriminator value, so responses sit beside the union.
export const agentToHostSchema = z.union([agentMessageSchema, agentResponseSchema]);
export type AgentToHost = z.infer<typeof agentToHostSchema>;
export type AgentEventMessage = Extract<AgentToHost, { type: "event" }>;

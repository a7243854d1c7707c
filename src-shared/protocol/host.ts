import { z } from "zod";
import { dbInfoSchema, modelInfoSchema, modelProviderSchema, pluginStatusSchema } from "./agent-state";
import { characterSchema } from "./character";
import { chatMessageSchema, conversationSchema } from "./conversations";
import { wireErrorSchema } from "./errors";
import { agentEventPayloadSchema, logLineSchema, modelProgressPayloadSchema } from "./events";
import { knowledgeDocumentSchema, knowledgeSearchHitSchema } from "./knowledge";

/**
 * Messages between the main process (AgentManager) and the agent (src-agent),
 * identical over a Bun Worker and over a child process's IPC channel.
 * Bump HOST_PROTOCOL_VERSION on any incompatible change: the agent refuses a mismatch in `init`.
 */
export const HOST_PROTOCOL_VERSION = 1;

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

export const agentBootConfigSchema = z.object({
  stateDir: z.string(),
  /** PGlite data directory (ignored when postgresUrl is set). */
  dataDir: z.string(),
  postgresUrl: z.string().optional(),
  modelsDir: z.string(),
  character: characterSchema,
  provider: modelProviderSchema,
  local: localModelBootSchema,
  ollamaEndpoint: z.string().optional(),
  remoteModel: z.string().optional(),
  /** Provider keys and other settings handed to elizaOS as runtime settings; never logged. */
  secrets: z.record(z.string(), z.string()),
  logLevel: z.enum(["error", "warn", "info", "debug"]),
  disabledPlugins: z.array(z.string()),
  /** Why the agent cannot reply (no model configured...), decided by main from config. */
  noModelReason: wireErrorSchema.optional(),
});
export type AgentBootConfig = z.infer<typeof agentBootConfigSchema>;

// ---------- main -> agent ----------

const req = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), id: z.string(), ...shape });

export const hostRequestSchema = z.discriminatedUnion("type", [
  req("chat", {
    conversationId: z.string(),
    text: z.string(),
    clientMessageId: z.string().optional(),
    userName: z.string().optional(),
  }),
  req("list_conversations", {}),
  req("create_conversation", { title: z.string().optional() }),
  req("list_messages", {
    conversationId: z.string(),
    limit: z.number().int().min(1).max(500),
    before: z.number().optional(),
  }),
  req("set_character", { character: characterSchema }),
  req("knowledge_add", {
    filename: z.string(),
    contentType: z.string(),
    dataBase64: z.string(),
  }),
  req("knowledge_list", {}),
  req("knowledge_delete", { documentId: z.string() }),
  req("knowledge_search", { query: z.string(), limit: z.number().int().min(1).max(50) }),
]);
export type HostRequest = z.infer<typeof hostRequestSchema>;
export type HostRequestType = HostRequest["type"];

/** What each request answers with (`result` of a successful response). */
export const hostResultSchemas = {
  chat: z.object({ userMessage: chatMessageSchema, reply: chatMessageSchema }),
  list_conversations: z.object({ conversations: z.array(conversationSchema) }),
  create_conversation: z.object({ conversation: conversationSchema }),
  list_messages: z.object({ messages: z.array(chatMessageSchema) }),
  set_character: z.object({ ok: z.literal(true) }),
  knowledge_add: z.object({ document: knowledgeDocumentSchema }),
  knowledge_list: z.object({ documents: z.array(knowledgeDocumentSchema) }),
  knowledge_delete: z.object({ deleted: z.boolean() }),
  knowledge_search: z.object({ hits: z.array(knowledgeSearchHitSchema) }),
} satisfies Record<HostRequestType, z.ZodTypeAny>;
export type HostResult<T extends HostRequestType> = z.infer<(typeof hostResultSchemas)[T]>;

export const hostToAgentSchema = z.union([
  z.object({
    type: z.literal("init"),
    protocolVersion: z.number().int(),
    boot: agentBootConfigSchema,
  }),
  z.object({ type: z.literal("pause") }),
  z.object({ type: z.literal("resume") }),
  /** Graceful stop: flush, close the DB, then the agent posts `stopped`. */
  z.object({ type: z.literal("shutdown") }),
  hostRequestSchema,
]);
export type HostToAgent = z.infer<typeof hostToAgentSchema>;

// ---------- agent -> main ----------

const agentEventMessageSchema = z.discriminatedUnion("type", [
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
  /** A streamed piece of the reply to chat request `id`. */
  z.object({ type: z.literal("token"), id: z.string(), delta: z.string() }),
  z.object({ type: z.literal("agent_event"), roomId: z.string().optional(), payload: agentEventPayloadSchema }),
  z.object({
    type: z.literal("conversation_update"),
    conversation: conversationSchema,
    message: chatMessageSchema.optional(),
  }),
  z.object({ type: z.literal("log"), line: logLineSchema }),
  z.object({ type: z.literal("model_status"), model: modelInfoSchema }),
  z.object({ type: z.literal("model_progress"), payload: modelProgressPayloadSchema }),
  z.object({ type: z.literal("stopped") }),
]);
/** The answer to a HostRequest: `ok` tells a result from an error. */
export const agentResponseSchema = z.union([
  z.object({ type: z.literal("response"), id: z.string(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal("response"), id: z.string(), ok: z.literal(false), error: wireErrorSchema }),
]);

// zod 4 refuses two options with the same discriminator value, so responses sit beside the union.
export const agentToHostSchema = z.union([agentEventMessageSchema, agentResponseSchema]);
export type AgentToHost = z.infer<typeof agentToHostSchema>;

import { z } from "zod";
import { statusSnapshotSchema } from "./agent-state";
import { autonomyStatusSchema } from "./autonomy";
import { chatMessageSchema, conversationSchema } from "./conversations";
import { lanStatusSchema, pairRequestSchema } from "./lan";
import { proactiveMessageSchema, triggerRunEventSchema } from "./triggers";
import { updateStatusSchema } from "./updates";

export const EVENT_VERSION = 1 as const;

export const EMOTES = ["wave", "nod", "shake", "happy", "sad", "angry", "surprised", "relaxed", "think"] as const;
export const emoteSchema = z.enum(EMOTES);
export type Emote = z.infer<typeof emoteSchema>;

export const logLineSchema = z.object({
  ts: z.number(),
  level: z.enum(["error", "warn", "info", "debug"]),
  source: z.string(),
  msg: z.string(),
});
export type LogLine = z.infer<typeof logLineSchema>;

/** What happened inside the agent that a client may show (emotes, actions, token deltas). */
export const agentEventPayloadSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("emote"), emote: emoteSchema }),
  /** An action ran; `error` (with the plugin that owns it) when its handler threw and the turn went on without it. */
  z.object({
    kind: z.literal("action"),
    action: z.string(),
    plugin: z.string().optional(),
    error: z.string().optional(),
  }),
  z.object({ kind: z.literal("token"), requestId: z.string(), delta: z.string() }),
  z.object({ kind: z.literal("reply_started"), requestId: z.string() }),
  z.object({ kind: z.literal("reply_finished"), requestId: z.string() }),
]);
export type AgentEventPayload = z.infer<typeof agentEventPayloadSchema>;

export const modelProgressPayloadSchema = z.object({
  uri: z.string(),
  file: z.string(),
  receivedBytes: z.number(),
  totalBytes: z.number().optional(),
  done: z.boolean(),
  error: z.string().optional(),
});
export type ModelProgressPayload = z.infer<typeof modelProgressPayloadSchema>;

const envelope = <T extends string, P extends z.ZodTypeAny>(type: T, payload: P) =>
  z.object({
    type: z.literal(type),
    version: z.literal(EVENT_VERSION),
    eventId: z.string(),
    ts: z.number(),
    seq: z.number().int().nonnegative(),
    runId: z.string().optional(),
    stream: z.string().optional(),
    agentId: z.string().optional(),
    roomId: z.string().optional(),
    payload,
  });

/**
 * Every server -> client event on /ws uses one envelope.
 * `seq` grows by one per event within a server run (`runId`); a client that
 * reconnects with the same runId asks for everything after its last seq.
 */
export const serverEventSchema = z.discriminatedUnion("type", [
  envelope("status", statusSnapshotSchema),
  envelope(
    "conversation_update",
    z.object({
      conversation: conversationSchema,
      message: chatMessageSchema.optional(),
    }),
  ),
  /** A conversation was deleted: clients drop it and ignore any later update for it. */
  envelope("conversation_deleted", z.object({ conversationId: z.string() })),
  envelope("agent_event", agentEventPayloadSchema),
  envelope("log", logLineSchema),
  envelope("model_progress", modelProgressPayloadSchema),
  /** Desktop and headless updates: every state change, and download progress (at most 4 a second). */
  envelope("update_status", updateStatusSchema),
  /** LAN access went on or off, its addresses changed, a device paired or was revoked. */
  envelope("lan_status", lanStatusSchema),
  /** A phone with the right code waits for Approve (server.pairing.approve). */
  envelope("pair_request", pairRequestSchema),
  /** A trigger's reply went into its conversation (the conversation_update carries the messages too). */
  envelope("proactive_message", proactiveMessageSchema),
  /** A trigger ran or was skipped: the run record and the trigger as it is now. */
  envelope("trigger_run", triggerRunEventSchema),
  /** The autonomy loop woke (or skipped a wake): its status after it. */
  envelope("heartbeat_event", autonomyStatusSchema),
  envelope("pong", z.object({ id: z.string().optional() })),
  envelope("replay_gap", z.object({ fromSeq: z.number(), oldestAvailable: z.number() })),
]);
export type ServerEvent = z.infer<typeof serverEventSchema>;
export type ServerEventType = ServerEvent["type"];
export type ServerEventPayload<T extends ServerEventType> = Extract<ServerEvent, { type: T }>["payload"];

/** Client -> server messages on /ws. */
export const clientWsMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ping"), id: z.string().optional() }),
  /** Ask for every buffered event with seq > sinceSeq (same runId only). */
  z.object({ type: z.literal("replay"), runId: z.string(), sinceSeq: z.number().int().nonnegative() }),
]);
export type ClientWsMessage = z.infer<typeof clientWsMessageSchema>;

/** How long the server waits between `status` heartbeats. */
export const STATUS_HEARTBEAT_MS = 5000;

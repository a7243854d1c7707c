import { z } from "zod";
import { MAX_MESSAGE_CHARS } from "./conversations";

/** The shortest interval a trigger may have: a tighter loop would only burn model calls. */
export const MIN_TRIGGER_INTERVAL_MS = 10_000;
/** Run records kept per trigger (the oldest go first). */
export const TRIGGER_RUN_HISTORY = 100;

export const TRIGGER_KINDS = ["interval", "once", "cron"] as const;
export const triggerKindSchema = z.enum(TRIGGER_KINDS);
export type TriggerKind = z.infer<typeof triggerKindSchema>;

export const triggerSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: triggerKindSchema,
  /** interval: ms between runs (>= 10 s). */
  intervalMs: z.number().int().optional(),
  /** once: when, epoch ms. */
  at: z.number().optional(),
  /** cron: a 5- or 6-field expression (croner). */
  cron: z.string().optional(),
  /** cron: an IANA time zone; the server's own without it. */
  timezone: z.string().optional(),
  prompt: z.string(),
  /** The reply goes into this conversation (and a proactive_message on /ws); without it only into the run history. */
  conversationId: z.string().optional(),
  /** Disabled after this many runs. */
  maxRuns: z.number().int().positive().optional(),
  enabled: z.boolean(),
  createdAt: z.number(),
  /** Runs so far (ok or error; skipped ones do not count). */
  runs: z.number().int().nonnegative(),
  lastRunAt: z.number().optional(),
  /** When it runs next; absent when disabled or nothing is left to run. */
  nextRunAt: z.number().optional(),
});
export type Trigger = z.infer<typeof triggerSchema>;

export const triggerRunSchema = z.object({
  id: z.string(),
  triggerId: z.string(),
  startedAt: z.number(),
  endedAt: z.number(),
  status: z.enum(["ok", "error", "skipped"]),
  reply: z.string().optional(),
  /** Why it failed, or why it was skipped (the agent paused or stopped). */
  error: z.string().optional(),
});
export type TriggerRun = z.infer<typeof triggerRunSchema>;

const name = z.string().trim().min(1, "the name is empty").max(100);
const prompt = z.string().trim().min(1, "the prompt is empty").max(MAX_MESSAGE_CHARS);

/** What a client sends to create one; the kind's own field is checked by main (with the clock and croner). */
export const createTriggerSchema = z.object({
  name,
  kind: triggerKindSchema,
  intervalMs: z.number().int().optional(),
  /** Epoch ms or an ISO 8601 string. */
  at: z.union([z.number(), z.string()]).optional(),
  cron: z.string().trim().optional(),
  timezone: z.string().trim().optional(),
  prompt,
  conversationId: z.string().optional(),
  maxRuns: z.number().int().positive().optional(),
  enabled: z.boolean().optional(),
});
export type CreateTrigger = z.infer<typeof createTriggerSchema>;

/** What the agent's TRIGGER_TASK asks main: a new trigger (checked like POST /api/triggers), or a run of one by id or name. */
export const triggerTaskRequestSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("create"), trigger: createTriggerSchema }),
  z.object({ op: z.literal("run"), id: z.string().optional(), name: z.string().optional() }),
]);
export type TriggerTaskRequest = z.infer<typeof triggerTaskRequestSchema>;

/** Any field of a trigger; `null` clears an optional one (conversationId, maxRuns, timezone). */
export const updateTriggerSchema = z.object({
  name: name.optional(),
  kind: triggerKindSchema.optional(),
  intervalMs: z.number().int().optional(),
  at: z.union([z.number(), z.string()]).optional(),
  cron: z.string().trim().optional(),
  timezone: z.string().trim().nullable().optional(),
  prompt: prompt.optional(),
  conversationId: z.string().nullable().optional(),
  maxRuns: z.number().int().positive().nullable().optional(),
  enabled: z.boolean().optional(),
});
export type UpdateTrigger = z.infer<typeof updateTriggerSchema>;

/** A trigger's reply went into its conversation. */
export const proactiveMessageSchema = z.object({
  triggerId: z.string(),
  conversationId: z.string(),
  text: z.string(),
  messageId: z.string(),
});
export type ProactiveMessage = z.infer<typeof proactiveMessageSchema>;

/** A trigger ran (or was skipped): the record, and the trigger as it is now. */
export const triggerRunEventSchema = z.object({ run: triggerRunSchema, trigger: triggerSchema });
export type TriggerRunEvent = z.infer<typeof triggerRunEventSchema>;

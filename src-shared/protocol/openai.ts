import { z } from "zod";

/**
 * The OpenAI wire shapes Milady's /v1 routes speak (chat completions, responses, models,
 * errors). Requests accept what OpenAI clients send: fields Milady does not use (top_p,
 * seed, tools...) pass through unread; a field it cannot honour (n > 1, an image part) is a 400.
 */

/** The model id that always answers as the agent; the agent's own name does too. */
export const AGENT_MODEL_ID = "milady";
/** The header that picks an existing conversation (its id, as in /api/conversations). */
export const CONVERSATION_HEADER = "x-milady-conversation";
/** Says whether `usage` holds the model's own token counts (`reported`) or an estimate. */
export const USAGE_HEADER = "x-milady-usage";
/** Title of the conversation requests without `user` (or the header) go to. */
export const DEFAULT_OPENAI_CONVERSATION_TITLE = "OpenAI API";
export const MAX_OPENAI_USER_CHARS = 128;

/** Text, or a list of parts; only text parts are understood (an image is refused by name). */
const messageContent = z.union([z.string(), z.array(z.looseObject({ type: z.string() })), z.null()]);

export const chatMessageInSchema = z.looseObject({
  role: z.enum(["system", "developer", "user", "assistant", "tool", "function"], {
    error: "must be one of system, developer, user, assistant, tool, function",
  }),
  content: messageContent.optional(),
  name: z.string().optional(),
});
export type ChatMessageIn = z.infer<typeof chatMessageInSchema>;

const stopSchema = z.union([z.string(), z.array(z.string()).max(4, { error: "at most 4 stop sequences" })]);
const positiveInt = z.number().int({ error: "must be a whole number" }).min(1, { error: "must be 1 or more" });
const temperature = z.number().min(0, { error: "must be from 0 to 2" }).max(2, { error: "must be from 0 to 2" });
const user = z.string().max(MAX_OPENAI_USER_CHARS, { error: `at most ${MAX_OPENAI_USER_CHARS} characters` });
const modelId = z.string({ error: 'is required (e.g. "milady"; GET /v1/models lists them)' }).min(1, {
  error: 'is required (e.g. "milady"; GET /v1/models lists them)',
});

export const chatCompletionRequestSchema = z.looseObject({
  model: modelId,
  messages: z
    .array(chatMessageInSchema, { error: "must be a list of {role, content} messages" })
    .min(1, { error: "must hold at least one message" }),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  max_tokens: positiveInt.nullish(),
  max_completion_tokens: positiveInt.nullish(),
  temperature: temperature.nullish(),
  stop: stopSchema.nullish(),
  n: z.literal(1, { error: "only n = 1 is supported" }).nullish(),
  user: user.nullish(),
});
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;

export const usageSchema = z.object({
  prompt_tokens: z.number().int().min(0),
  completion_tokens: z.number().int().min(0),
  total_tokens: z.number().int().min(0),
});
export type OpenAiUsage = z.infer<typeof usageSchema>;

export const finishReasonSchema = z.enum(["stop", "length"]);

export const chatCompletionSchema = z.object({
  id: z.string(),
  object: z.literal("chat.completion"),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number().int(),
      message: z.object({ role: z.literal("assistant"), content: z.string(), refusal: z.null() }),
      finish_reason: finishReasonSchema,
      logprobs: z.null(),
    }),
  ),
  usage: usageSchema,
  system_fingerprint: z.string(),
});
export type ChatCompletion = z.infer<typeof chatCompletionSchema>;

export const chatCompletionChunkSchema = z.object({
  id: z.string(),
  object: z.literal("chat.completion.chunk"),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number().int(),
      delta: z.object({ role: z.literal("assistant").optional(), content: z.string().optional() }),
      finish_reason: finishReasonSchema.nullable(),
      logprobs: z.null(),
    }),
  ),
  usage: usageSchema.nullable().optional(),
  system_fingerprint: z.string(),
});
export type ChatCompletionChunk = z.infer<typeof chatCompletionChunkSchema>;

// ---------- Responses API (text in, text out) ----------

const responseInputItem = z.looseObject({
  type: z.string().optional(),
  role: z.enum(["system", "developer", "user", "assistant"], {
    error: "must be one of system, developer, user, assistant",
  }),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]),
});

export const responseRequestSchema = z.looseObject({
  model: modelId,
  input: z.union([z.string().min(1, { error: "must not be empty" }), z.array(responseInputItem).min(1)], {
    error: "must be a string or a list of {role, content} messages",
  }),
  instructions: z.string().nullish(),
  stream: z.boolean().nullish(),
  max_output_tokens: positiveInt.nullish(),
  temperature: temperature.nullish(),
  user: user.nullish(),
});
export type ResponseRequest = z.infer<typeof responseRequestSchema>;

export const responseUsageSchema = z.object({
  input_tokens: z.number().int().min(0),
  input_tokens_details: z.object({ cached_tokens: z.number().int() }),
  output_tokens: z.number().int().min(0),
  output_tokens_details: z.object({ reasoning_tokens: z.number().int() }),
  total_tokens: z.number().int().min(0),
});

export const outputTextSchema = z.object({
  type: z.literal("output_text"),
  text: z.string(),
  annotations: z.array(z.unknown()),
});

export const outputMessageSchema = z.object({
  type: z.literal("message"),
  id: z.string(),
  status: z.enum(["in_progress", "completed", "incomplete"]),
  role: z.literal("assistant"),
  content: z.array(outputTextSchema),
});

export const responseObjectSchema = z.object({
  id: z.string(),
  object: z.literal("response"),
  created_at: z.number().int(),
  status: z.enum(["in_progress", "completed", "incomplete", "failed"]),
  model: z.string(),
  instructions: z.string().nullable(),
  output: z.array(outputMessageSchema),
  usage: responseUsageSchema.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  incomplete_details: z.object({ reason: z.string() }).nullable(),
  max_output_tokens: z.number().int().nullable(),
  temperature: z.number().nullable(),
  user: z.string().nullable(),
  parallel_tool_calls: z.boolean(),
  tool_choice: z.string(),
  tools: z.array(z.unknown()),
  metadata: z.record(z.string(), z.string()),
});
export type ResponseObject = z.infer<typeof responseObjectSchema>;

/** The Responses stream: each event also travels as the SSE `event:` name. */
export const responseStreamEventSchema = z.union([
  z.object({
    type: z.enum([
      "response.created",
      "response.in_progress",
      "response.completed",
      "response.incomplete",
      "response.failed",
    ]),
    sequence_number: z.number().int(),
    response: responseObjectSchema,
  }),
  z.object({
    type: z.enum(["response.output_item.added", "response.output_item.done"]),
    sequence_number: z.number().int(),
    output_index: z.number().int(),
    item: outputMessageSchema,
  }),
  z.object({
    type: z.enum(["response.content_part.added", "response.content_part.done"]),
    sequence_number: z.number().int(),
    item_id: z.string(),
    output_index: z.number().int(),
    content_index: z.number().int(),
    part: outputTextSchema,
  }),
  z.object({
    type: z.literal("response.output_text.delta"),
    sequence_number: z.number().int(),
    item_id: z.string(),
    output_index: z.number().int(),
    content_index: z.number().int(),
    delta: z.string(),
    logprobs: z.array(z.unknown()),
  }),
  z.object({
    type: z.literal("response.output_text.done"),
    sequence_number: z.number().int(),
    item_id: z.string(),
    output_index: z.number().int(),
    content_index: z.number().int(),
    text: z.string(),
    logprobs: z.array(z.unknown()),
  }),
]);
export type ResponseStreamEvent = z.infer<typeof responseStreamEventSchema>;

// ---------- models and errors ----------

export const openAiModelSchema = z.object({
  id: z.string(),
  object: z.literal("model"),
  created: z.number().int(),
  owned_by: z.string(),
});
export type OpenAiModel = z.infer<typeof openAiModelSchema>;

export const openAiModelListSchema = z.object({ object: z.literal("list"), data: z.array(openAiModelSchema) });

export const openAiErrorSchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string(),
    param: z.string().nullable(),
    code: z.string().nullable(),
  }),
});
export type OpenAiErrorBody = z.infer<typeof openAiErrorSchema>;

/** Token counts as the agent reports them; `reported: false` means estimated (about 4 characters a token). */
export const tokenUsageSchema = z.object({
  promptTokens: z.number().int().min(0),
  completionTokens: z.number().int().min(0),
  reported: z.boolean(),
});
export type AgentTokenUsage = z.infer<typeof tokenUsageSchema>;

/** About 4 characters a token: OpenAI's own rule of thumb for English text, when a model reports nothing. */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

/** Either stream of a /v1 route (chat chunks, or Responses events); a failure mid-stream is an error line. */
export const openAiStreamEventSchema = z.union([
  chatCompletionChunkSchema,
  responseStreamEventSchema,
  openAiErrorSchema,
]);

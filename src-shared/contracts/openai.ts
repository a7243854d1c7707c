import { z } from "zod";
import {
  chatCompletionRequestSchema,
  chatCompletionSchema,
  openAiModelListSchema,
  openAiModelSchema,
  openAiStreamEventSchema,
  responseObjectSchema,
  responseRequestSchema,
  tokenUsageSchema,
} from "../protocol/openai";
import { capability, method, route } from "./define";

/** A message of a plain completion, reduced to text (the agent builds the model's prompt from them). */
export const completionMessageSchema = z.object({
  role: z.enum(["system", "user", "assistant"]),
  content: z.string(),
});
export type CompletionMessage = z.infer<typeof completionMessageSchema>;

/** Every error a /v1 route may answer with; the body is OpenAI's `{error: {message, type, param, code}}`. */
const V1_ERRORS = [
  "validation_failed",
  "invalid_json",
  "not_found",
  "no_model",
  "model_error",
  "agent_paused",
  "agent_not_running",
  "agent_starting",
  "agent_crashed",
  "timeout",
  "rate_limited",
] as const;

/**
 * The OpenAI-compatible API on Milady's own port: /v1/models, /v1/chat/completions and
 * /v1/responses. The model `milady` (or the agent's name) is a chat turn of the agent, through
 * the conversations channel; any other listed model is a plain completion of the model the
 * agent runs (`complete` here: the runtime's useModel, no character, no memory).
 * Streams are decided by the body's `stream: true`, as OpenAI clients send it.
 */
export const openaiContract = capability({
  name: "openai",
  channel: {
    complete: method(
      z.object({
        messages: z.array(completionMessageSchema).min(1),
        maxTokens: z.number().int().min(1).optional(),
        temperature: z.number().min(0).max(2).optional(),
        stopSequences: z.array(z.string()).max(4).optional(),
        /** Emit `token` events with the request id while the model writes. */
        stream: z.boolean().optional(),
      }),
      z.object({ text: z.string(), usage: tokenUsageSchema }),
    ),
  },
  events: {
    /** A streamed piece of a plain completion (request `requestId`). */
    token: z.object({ requestId: z.string(), delta: z.string() }),
  },
  routes: {
    models: route({
      method: "GET",
      path: "/v1/models",
      response: openAiModelListSchema,
      errors: [],
      summary: "OpenAI: the agent (`milady`, its name), the local GGUF files and the provider's model",
    }),
    model: route({
      method: "GET",
      path: "/v1/models/:id",
      response: openAiModelSchema,
      errors: ["not_found"],
      summary: "OpenAI: one model of /v1/models (what the SDKs' models.retrieve asks)",
    }),
    chatCompletions: route({
      method: "POST",
      path: "/v1/chat/completions",
      access: "device",
      body: chatCompletionRequestSchema,
      response: chatCompletionSchema,
      stream: openAiStreamEventSchema,
      errors: V1_ERRORS,
      summary: "OpenAI chat completion: as the agent (model milady), or plainly; `stream: true` for SSE chunks",
    }),
    responses: route({
      method: "POST",
      path: "/v1/responses",
      access: "device",
      body: responseRequestSchema,
      response: responseObjectSchema,
      stream: openAiStreamEventSchema,
      errors: V1_ERRORS,
      summary: "OpenAI Responses API, text in and out; `stream: true` for response.* events",
    }),
  },
});

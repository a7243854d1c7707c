import type {
  AgentTokenUsage,
  ChatCompletion,
  ChatCompletionChunk,
  OpenAiUsage,
  ResponseObject,
} from "../../../src-shared/protocol";
import type { TurnRequest } from "./request";
import type { TurnResult } from "./turn";

/** Marks the answers as Milady's (OpenAI clients log it; it changes with nothing). */
export const SYSTEM_FINGERPRINT = "milady";

export function usageOf(usage: AgentTokenUsage): OpenAiUsage {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
  };
}

export interface Ids {
  id: string;
  model: string;
  /** Seconds since the epoch. */
  created: number;
}

export function chatCompletion(ids: Ids, result: TurnResult): ChatCompletion {
  return {
    id: ids.id,
    object: "chat.completion",
    created: ids.created,
    model: ids.model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: result.text, refusal: null },
        finish_reason: result.finishReason,
        logprobs: null,
      },
    ],
    usage: usageOf(result.usage),
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
}

/** One stream chunk: a delta, the closing finish reason, or (choices empty) the usage. */
export function chatChunk(
  ids: Ids,
  part: { delta?: ChatCompletionChunk["choices"][number]["delta"]; finish?: "stop" | "length"; usage?: OpenAiUsage },
): ChatCompletionChunk {
  return {
    id: ids.id,
    object: "chat.completion.chunk",
    created: ids.created,
    model: ids.model,
    choices: part.usage
      ? []
      : [{ index: 0, delta: part.delta ?? {}, finish_reason: part.finish ?? null, logprobs: null }],
    ...(part.usage ? { usage: part.usage } : {}),
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
}

/** A Responses API object; `result` absent while it is still being written. */
export function responseObject(
  ids: Ids & { messageId: string },
  turn: TurnRequest,
  instructions: string | null,
  result?: TurnResult,
): ResponseObject {
  const usage = result ? usageOf(result.usage) : undefined;
  const incomplete = result?.finishReason === "length";
  return {
    id: ids.id,
    object: "response",
    created_at: ids.created,
    status: !result ? "in_progress" : incomplete ? "incomplete" : "completed",
    model: ids.model,
    instructions,
    output: result
      ? [
          {
            type: "message",
            id: ids.messageId,
            status: incomplete ? "incomplete" : "completed",
            role: "assistant",
            content: [{ type: "output_text", text: result.text, annotations: [] }],
          },
        ]
      : [],
    usage: usage
      ? {
          input_tokens: usage.prompt_tokens,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: usage.completion_tokens,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: usage.total_tokens,
        }
      : null,
    error: null,
    incomplete_details: incomplete ? { reason: "max_output_tokens" } : null,
    max_output_tokens: turn.maxTokens ?? null,
    temperature: turn.temperature ?? null,
    user: turn.user ?? null,
    parallel_tool_calls: false,
    tool_choice: "none",
    tools: [],
    metadata: {},
  };
}

import type { CompletionMessage } from "../../../src-shared/contracts";
import {
  type ChatCompletionRequest,
  type ChatMessageIn,
  MAX_MESSAGE_CHARS,
  type ResponseRequest,
} from "../../../src-shared/protocol";
import { OpenAiError } from "./errors";

/** What both /v1 routes ask of a model, once the OpenAI shapes are read. */
export interface TurnRequest {
  model: string;
  /** Every message as text (a plain completion sends them all to the model). */
  messages: CompletionMessage[];
  /** The last user message: the agent's new turn (it keeps the history itself). */
  newText: string;
  maxTokens?: number;
  temperature?: number;
  stop?: string[];
  user?: string;
  stream: boolean;
}

export function badRequest(message: string, param: string | null): OpenAiError {
  return new OpenAiError(400, message, "invalid_request_error", param, "invalid_request");
}

/** A message's text: a string, or its text parts joined; anything else (images, audio) is refused by name. */
export function contentText(content: ChatMessageIn["content"], param: string): string {
  if (content === null || content === undefined) return "";
  if (typeof content === "string") return content;
  return content
    .map((part, i) => {
      const { type, text } = part as { type: string; text?: unknown };
      if ((type === "text" || type === "input_text" || type === "output_text") && typeof text === "string") return text;
      throw badRequest(`only text content is supported here, not "${type}" parts`, `${param}[${i}]`);
    })
    .join("");
}

/** OpenAI's roles in the three a text model knows: developer is system; tool output reads as the user's. */
function roleOf(role: ChatMessageIn["role"]): CompletionMessage["role"] {
  if (role === "system" || role === "developer") return "system";
  if (role === "assistant") return "assistant";
  return "user";
}

function lastUserText(messages: CompletionMessage[], param: string): string {
  const last = messages.at(-1);
  if (last?.role !== "user") {
    throw badRequest("the last message must be the user's: it is the new turn the model answers", param);
  }
  const text = last.content.trim();
  if (!text) throw badRequest("the last user message is empty", param);
  if (text.length > MAX_MESSAGE_CHARS) {
    throw badRequest(`the last user message is longer than ${MAX_MESSAGE_CHARS} characters`, param);
  }
  return text;
}

function stops(stop: string | string[] | null | undefined): string[] | undefined {
  if (stop === null || stop === undefined) return undefined;
  const list = (typeof stop === "string" ? [stop] : stop).filter((s) => s.length > 0);
  return list.length ? list : undefined;
}

export function fromChatCompletion(body: ChatCompletionRequest): TurnRequest {
  const messages = body.messages.map((m, i) => ({
    role: roleOf(m.role),
    content: contentText(m.content, `messages[${i}].content`),
  }));
  return {
    model: body.model,
    messages,
    newText: lastUserText(messages, `messages[${messages.length - 1}]`),
    maxTokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
    temperature: body.temperature ?? undefined,
    stop: stops(body.stop),
    user: body.user?.trim() || undefined,
    stream: body.stream === true,
  };
}

export function fromResponseRequest(body: ResponseRequest): TurnRequest {
  if ((body as Record<string, unknown>).previous_response_id) {
    throw badRequest(
      "previous_response_id is not supported: Milady stores no responses. Send the whole conversation in input, " +
        'or use model "milady" with a user, whose conversation the agent keeps',
      "previous_response_id",
    );
  }
  const items =
    typeof body.input === "string"
      ? [{ role: "user" as const, content: body.input }]
      : body.input.map((item, i) => ({
          role: roleOf(item.role),
          content:
            typeof item.content === "string"
              ? item.content
              : contentText(item.content as ChatMessageIn["content"], `input[${i}].content`),
        }));
  const instructions = body.instructions?.trim();
  const messages = instructions ? [{ role: "system" as const, content: instructions }, ...items] : items;
  return {
    model: body.model,
    messages,
    newText: lastUserText(messages, typeof body.input === "string" ? "input" : `input[${items.length - 1}]`),
    maxTokens: body.max_output_tokens ?? undefined,
    temperature: body.temperature ?? undefined,
    user: body.user?.trim() || undefined,
    stream: body.stream === true,
  };
}

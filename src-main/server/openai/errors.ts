import type { OpenAiErrorBody, WireError } from "../../../src-shared/protocol";
import { ERROR_STATUS } from "../../../src-shared/protocol";
import { asWireError, json } from "../respond";

/** An error in OpenAI's own terms (a code Milady's error table has no word for, e.g. model_not_found). */
export class OpenAiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = "OpenAiError";
  }
}

export function modelNotFound(model: string): OpenAiError {
  return new OpenAiError(
    404,
    `The model '${model}' does not exist. GET /v1/models lists the models Milady serves ("milady" answers as the agent).`,
    "invalid_request_error",
    "model",
    "model_not_found",
  );
}

/** OpenAI's error `type` for a status: 4xx are the caller's request, 5xx the server's. */
function typeFor(status: number, code: string): string {
  if (status === 401) return "invalid_request_error";
  if (status === 403) return "permission_error";
  if (status === 429) return "rate_limit_error";
  if (status >= 500 || code === "agent_paused") return "server_error";
  return "invalid_request_error";
}

/** "messages.0.role: must be ..." -> "messages[0].role", the field OpenAI's `param` names. */
export function paramOf(message: string): string | null {
  const match = /^([A-Za-z_][\w.]*): /.exec(message);
  if (!match || match[1] === "body") return null;
  return match[1].replace(/\.(\d+)(?=\.|$)/g, "[$1]");
}

const OPENAI_CODES: Partial<Record<WireError["code"], string>> = {
  unauthorized: "invalid_api_key",
  invalid_json: "invalid_json",
  not_found: "not_found",
  rate_limited: "rate_limit_exceeded",
};

/** A Milady error as OpenAI's body: the message carries the fix, so a client's printout says what to do. */
export function openAiBodyFor(wire: WireError, status: number): OpenAiErrorBody {
  const validation = wire.code === "validation_failed" || wire.code === "invalid_json";
  const message = wire.fix ? `${wire.message.replace(/\.$/, "")}. ${wire.fix}` : wire.message;
  return {
    error: {
      message: validation ? `Invalid request: ${message}` : message,
      type: typeFor(status, wire.code),
      param: validation ? paramOf(wire.message) : null,
      code: OPENAI_CODES[wire.code] ?? wire.code,
    },
  };
}

/** Any thrown value on a /v1 route as an OpenAI error body and status (unknown errors: a plain 500). */
export function openAiErrorOf(error: unknown): { status: number; body: OpenAiErrorBody } | undefined {
  if (error instanceof OpenAiError) {
    return {
      status: error.status,
      body: { error: { message: error.message, type: error.type, param: error.param, code: error.code } },
    };
  }
  const wire = asWireError(error);
  if (!wire) return undefined;
  const status = ERROR_STATUS[wire.code];
  return { status, body: openAiBodyFor(wire, status) };
}

export function openAiErrorResponse(status: number, body: OpenAiErrorBody, headers?: Headers): Response {
  const response = json(body, status);
  headers?.forEach((value, key) => {
    if (key !== "content-type" && key !== "content-length") response.headers.set(key, value);
  });
  return response;
}

import { z } from "zod";

/**
 * Stable error codes on the wire. Clients branch on `code`, never on `message`.
 * The HTTP status for each code lives here so every route maps errors the same way.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  /** Too many requests waiting (one conversation's queue, pairing tries): wait, then try again. */
  rate_limited: 429,
  payload_too_large: 413,
  unsupported_media_type: 415,
  agent_not_running: 503,
  agent_starting: 503,
  agent_paused: 409,
  agent_crashed: 502,
  /** The server is stopping: the request was not (or not fully) answered; send it again later. */
  shutting_down: 503,
  no_model: 503,
  model_error: 502,
  /** The database failed (not the model): a broken connection, a missing extension, damage. */
  db_error: 503,
  /** The disk holding the state dir is full: nothing new can be stored. */
  disk_full: 507,
  timeout: 504,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const errorCodeSchema = z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]);

export const wireErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  /** What the user can do about it, when there is something to do. */
  fix: z.string().optional(),
});
export type WireError = z.infer<typeof wireErrorSchema>;

/** The body of every non-2xx HTTP answer: `{error: {code, message}}`. */
export const errorBodySchema = z.object({ error: wireErrorSchema });
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** An Error that carries a wire code, thrown anywhere and mapped once at the boundary. */
export class MiladyError extends Error {
  readonly code: ErrorCode;
  readonly fix?: string;
  constructor(code: ErrorCode, message: string, fix?: string) {
    super(message);
    this.name = "MiladyError";
    this.code = code;
    this.fix = fix;
  }
  toWire(): WireError {
    return this.fix
      ? { code: this.code, message: this.message, fix: this.fix }
      : { code: this.code, message: this.message };
  }
}

export function httpStatusFor(code: ErrorCode): number {
  return ERROR_STATUS[code];
}

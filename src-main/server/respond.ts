import { ERROR_STATUS, type ErrorCode, httpStatusFor, MiladyError, type WireError } from "../../src-shared/protocol";

export function json(data: unknown, status = 200, headers: HeadersInit = {}): Response {
  return new Response(JSON.stringify(data), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

export function errorResponse(code: ErrorCode, message: string, fix?: string, headers: HeadersInit = {}): Response {
  const error: WireError = fix ? { code, message, fix } : { code, message };
  return json({ error }, httpStatusFor(code), headers);
}

/** A wire-shaped error from anywhere: a MiladyError, or a plain `{code, message}` that crossed a message boundary. */
export function asWireError(error: unknown): WireError | undefined {
  if (error instanceof MiladyError) return error.toWire();
  if (error && typeof error === "object") {
    const { code, message, fix } = error as { code?: unknown; message?: unknown; fix?: unknown };
    if (typeof code === "string" && code in ERROR_STATUS && typeof message === "string") {
      const wire: WireError = { code: code as ErrorCode, message };
      if (typeof fix === "string") wire.fix = fix;
      return wire;
    }
  }
  return undefined;
}

/** Maps any thrown value to a response; unknown errors become a generic 500 (detail goes to the log only). */
export function responseForError(error: unknown, logDetail: (detail: string) => void): Response {
  const wire = asWireError(error);
  if (wire) return errorResponse(wire.code, wire.message, wire.fix);
  logDetail(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  return errorResponse(
    "internal",
    "internal server error; see the Milady log for details (milady logs, or GET /api/logs)",
  );
}

import type { z } from "zod";
import { MiladyError } from "../../src-shared/protocol";
import { jsonDepthExceeds, MAX_JSON_DEPTH } from "./json-depth";

function tooLarge(limit: number): MiladyError {
  return new MiladyError(
    "payload_too_large",
    `request body is larger than ${formatBytes(limit)}`,
    "send a smaller body, or raise server.maxBodyBytes in milady.json",
  );
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/**
 * Reads the whole body, refusing more than `limit` bytes. Content-Length is checked
 * first (cheap), and the streamed bytes are counted too because a chunked body has none
 * and a lying header must not make us buffer more than the limit.
 */
export async function readBodyLimited(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** Every schema issue (up to 10) as "field.path: message", so the client knows all there is to fix at once. */
export function describeZodError(error: z.ZodError): string {
  if (error.issues.length === 0) return "invalid request body";
  const parts = error.issues.slice(0, 10).map((issue) => {
    const path = issue.path.length ? issue.path.map(String).join(".") : "(body)";
    return `${path}: ${issue.message}`;
  });
  const more = error.issues.length > 10 ? `; and ${error.issues.length - 10} more` : "";
  return `${parts.join("; ")}${more}`;
}

/** 400 validation_failed: what is wrong with which field, and what to do about it. */
export function invalidRequest(error: z.ZodError, part: "body" | "query" = "body"): MiladyError {
  return new MiladyError(
    "validation_failed",
    describeZodError(error),
    `correct the ${part === "body" ? "field" : "query parameter"}${error.issues.length > 1 ? "s" : ""} named above and send the request again`,
  );
}

export function parseWith<S extends z.ZodTypeAny>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidRequest(result.error);
  return result.data;
}

/** Reads a JSON body within `limit` and validates it; 400 invalid_json / validation_failed, 413 when too large. */
export async function readJson<S extends z.ZodTypeAny>(
  request: Request,
  schema: S,
  limit: number,
): Promise<z.infer<S>> {
  const bytes = await readBodyLimited(request, limit);
  const text = new TextDecoder().decode(bytes);
  if (jsonDepthExceeds(text)) {
    throw new MiladyError(
      "validation_failed",
      `request body is nested more than ${MAX_JSON_DEPTH} levels deep`,
      "send a flatter JSON object; no Milady request needs that depth",
    );
  }
  let value: unknown;
  try {
    value = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new MiladyError(
      "invalid_json",
      "request body is not valid JSON",
      "send a JSON object with Content-Type: application/json",
    );
  }
  return parseWith(schema, value);
}

/** Reads a multipart body within `limit` (bytes counted while streaming) and returns the parsed form. */
export async function readForm(request: Request, limit: number): Promise<FormData> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data")) {
    throw new MiladyError("unsupported_media_type", "expected a multipart/form-data upload with a `file` field");
  }
  const bytes = await readBodyLimited(request, limit);
  try {
    return await new Response(bytes, { headers: { "content-type": type } }).formData();
  } catch {
    throw new MiladyError(
      "bad_request",
      "the multipart body could not be parsed",
      "upload the file as a multipart form field named `file`",
    );
  }
}

/** The `file` field of a form, or a 400 naming the field. */
export function formFile(form: FormData, field = "file"): File {
  const value = form.get(field);
  if (!value || typeof value === "string") {
    throw new MiladyError("validation_failed", `${field}: a file is required in the multipart field "${field}"`);
  }
  return value as File;
}

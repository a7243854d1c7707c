import { errorBodySchema } from "../../src-shared/protocol/errors";

/**
 * Every failure the dashboard shows goes through this one type, so views can
 * branch on `code` and always have something actionable (`fix`) to print.
 */
export class ApiError extends Error {
  readonly code: string;
  readonly fix?: string;
  /** HTTP status, or 0 when the request never got an answer (server down, offline). */
  readonly status: number;
  constructor(code: string, message: string, status: number, fix?: string) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
    this.fix = fix;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** Maps a non-2xx response to an ApiError, tolerating bodies that are not our JSON shape (proxies, 502 pages). */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => "");
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) {
      const { code, message, fix } = parsed.data.error;
      return new ApiError(code, message, res.status, fix);
    }
  } catch {
    // not JSON: fall through to a generic error
  }
  if (res.status === 401) {
    return new ApiError("unauthorized", "This server needs an API token.", 401, "Enter the token in Settings.");
  }
  return new ApiError(
    "internal",
    `The server answered ${res.status} ${res.statusText}${text ? `: ${text.slice(0, 200)}` : ""}`,
    res.status,
    "Check the Logs tab, then try again.",
  );
}

export function networkError(e: unknown): ApiError {
  const detail = e instanceof Error ? e.message : String(e);
  return new ApiError(
    "network",
    `Cannot reach the Milady server (${detail}).`,
    0,
    "Make sure Milady is running (`milady start`), then retry.",
  );
}

export function invalidResponse(path: string, issue: string): ApiError {
  return new ApiError(
    "invalid_response",
    `The server sent an unexpected answer for ${path}: ${issue}`,
    200,
    "The dashboard and server versions may differ: reload the page.",
  );
}

import { createHash, timingSafeEqual } from "node:crypto";

/** The subprotocol a dashboard offers on /ws; the server echoes it back when chosen. */
export const WS_PROTOCOL = "milady.v1";
/** Browsers cannot set headers on a WebSocket, so the token may ride in a subprotocol. */
export const WS_BEARER_PREFIX = "milady.bearer.";

/**
 * Constant-time token check. Both sides are hashed first so the comparison runs on
 * equal-length buffers (timingSafeEqual throws otherwise) and the length of the
 * real token does not leak through timing.
 */
export function tokenMatches(given: string | undefined | null, expected: string): boolean {
  if (!given) return false;
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

export function bearerFrom(request: Request): string | undefined {
  const header = request.headers.get("authorization");
  if (!header) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match?.[1]?.trim();
}

/** True when the request may use the API: no token configured, or the right bearer token. */
export function isAuthorized(request: Request, token: string | undefined): boolean {
  if (!token) return true;
  return tokenMatches(bearerFrom(request), token);
}

export interface WsAuth {
  ok: boolean;
  /** The subprotocol to echo in the upgrade answer, when the client offered it. */
  protocol?: string;
}

/** A /ws upgrade may carry the token as a bearer header, a `milady.bearer.<token>` subprotocol or `?token=`. */
export function authorizeWebSocket(request: Request, url: URL, token: string | undefined): WsAuth {
  const offered = (request.headers.get("sec-websocket-protocol") ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  const protocol = offered.includes(WS_PROTOCOL) ? WS_PROTOCOL : undefined;
  if (!token) return { ok: true, protocol };
  const candidates = [
    bearerFrom(request),
    url.searchParams.get("token") ?? undefined,
    ...offered.filter((p) => p.startsWith(WS_BEARER_PREFIX)).map((p) => p.slice(WS_BEARER_PREFIX.length)),
  ];
  // Check every candidate (no early exit) so timing does not tell which one was tried.
  let ok = false;
  for (const candidate of candidates) if (tokenMatches(candidate, token)) ok = true;
  return { ok, protocol };
}

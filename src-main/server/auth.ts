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

/** The subprotocol to echo in the upgrade answer, when the client offered Milady's. */
export function chosenProtocol(request: Request): string | undefined {
  const offered = (request.headers.get("sec-websocket-protocol") ?? "").split(",").map((p) => p.trim());
  return offered.includes(WS_PROTOCOL) ? WS_PROTOCOL : undefined;
}

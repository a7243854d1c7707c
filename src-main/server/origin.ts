import { isIP } from "node:net";

/**
 * Same-origin policy for the API. The dashboard is served from the API's own port,
 * so a legitimate browser request either has no Origin or one equal to the Host.
 * A different Origin is another web site trying to drive the agent (browsers do not
 * apply CORS to WebSockets or to "simple" POSTs), so it is refused.
 */
export function originAllowed(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin === null) return true;
  const host = request.headers.get("host");
  if (!host) return false;
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}

/**
 * DNS rebinding guard for a loopback server without a token: evil.example can resolve
 * to 127.0.0.1, making its pages "same origin". Such requests carry Host: evil.example,
 * so a loopback-only server accepts only loopback host names.
 */
export function hostAllowedForLoopback(request: Request): boolean {
  const host = request.headers.get("host");
  if (!host) return true; // HTTP/1.0 clients (curl --http1.0) send none; browsers always do.
  const name = host.replace(/:\d+$/, "").toLowerCase();
  return name === "localhost" || name === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(name) || name.endsWith(".localhost");
}

/**
 * The same guard on the LAN listener, where a token is always needed: a rebinding page would
 * still arrive with its own name as Host, while phones use an address or this machine's
 * <host>.local name.
 */
export function hostAllowedForLan(request: Request): boolean {
  const host = request.headers.get("host");
  if (!host) return false;
  const name = host
    .replace(/:\d+$/, "")
    .replace(/^\[|\]$/g, "")
    .toLowerCase();
  return isIP(name) !== 0 || name.endsWith(".local") || name === "localhost";
}

export function corsHeaders(request: Request): Record<string, string> {
  const origin = request.headers.get("origin");
  if (!origin || !originAllowed(request)) return {};
  return { "access-control-allow-origin": origin, vary: "Origin" };
}

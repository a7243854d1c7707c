import { isIP } from "node:net";

/**
 * Same-origin policy for the API. The dashboard is served from the API's own port,
 * so a legitimate browser request either has no Origin or one equal to the Host.
 * A different Origin is another web site trying to drive the agent (browsers do not
 * apply CORS to WebSockets or to "simple" POSTs), so it is refused.
 */
export function originAllowed(request: Request, listener: "local" | "lan" = "local"): boolean {
  const origin = request.headers.get("origin");
  if (origin === null) return true;
  if (listener === "lan" && NATIVE_APP_ORIGINS.has(origin)) return true;
  const host = request.headers.get("host");
  if (!host) return false;
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}

/**
 * The phone app's own origins: Capacitor serves the same dashboard from these on iOS
 * (capacitor://localhost) and Android (https://localhost). Allowed on the LAN listener only,
 * where every request still needs a device token.
 */
export const NATIVE_APP_ORIGINS = new Set(["capacitor://localhost", "https://localhost"]);

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

export function corsHeaders(request: Request, listener: "local" | "lan" = "local"): Record<string, string> {
  const origin = request.headers.get("origin");
  if (!origin || !originAllowed(request, listener)) return {};
  return {
    "access-control-allow-origin": origin,
    vary: "Origin",
    // The phone app sends its token in a header, which needs a preflight from another origin.
    "access-control-allow-headers": "authorization, content-type, accept, x-milady-archive-password",
    "access-control-allow-methods": "GET, HEAD, POST, PUT, PATCH, DELETE",
  };
}

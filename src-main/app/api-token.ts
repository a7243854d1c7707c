import { randomBytes } from "node:crypto";
import { isLoopback } from "./loopback";

/**
 * The API token in effect: MILADY_API_TOKEN if set; otherwise, on a
 * non-loopback bind, a fresh random one (printed once to stderr, never logged
 * to the log file or the API). Loopback without a token stays open.
 */
export function resolveApiToken(bind: string, configured: string | undefined): { token?: string; generated: boolean } {
  if (configured) return { token: configured, generated: false };
  if (isLoopback(bind)) return { generated: false };
  return { token: randomBytes(24).toString("base64url"), generated: true };
}

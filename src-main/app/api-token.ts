import { randomBytes } from "node:crypto";

/**
 * The API token in effect: MILADY_API_TOKEN if set; otherwise, on a bind other machines
 * can reach, a fresh random one (kept in the state .env, printed once to stderr, never
 * logged). Loopback without a token stays open.
 */
export function resolveApiToken(
  loopback: boolean,
  configured: string | undefined,
): { token?: string; generated: boolean } {
  if (configured) return { token: configured, generated: false };
  if (loopback) return { generated: false };
  return { token: randomBytes(24).toString("base64url"), generated: true };
}

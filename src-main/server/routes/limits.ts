import type { RouteContext } from "../types";

/** The configured body limit (server.maxBodyBytes), read per request so a config change applies at once. */
export function maxBody(ctx: RouteContext): number {
  return ctx.options.config.current().server.maxBodyBytes;
}

import type { Logger } from "../../logging";
import { type Drain, shuttingDown } from "../drain";
import { corsHeaders, hostAllowedForLan, hostAllowedForLoopback, originAllowed } from "../origin";
import { errorResponse, responseForError } from "../respond";
import type { Middleware } from "./pipeline";

/** Outermost: any throw becomes a typed `{error}` answer; unknown errors are logged, never sent. */
export function catchErrors(log: Logger): Middleware {
  return async (_ctx, next) => {
    try {
      return await next();
    } catch (error) {
      return responseForError(error, (detail) => log.error(`request failed: ${detail}`));
    }
  };
}

/**
 * Same-origin for /api and /ws, and the DNS-rebinding guard of a loopback server
 * without a token (see origin.ts for why each is needed).
 */
export function guardOrigin(options: { loopbackOnly: boolean; token?: string }): Middleware {
  return (ctx, next) => {
    // On the LAN even the dashboard's files answer only to this machine's addresses and names.
    if (ctx.listener === "lan" && !hostAllowedForLan(ctx.request)) {
      return errorResponse(
        "forbidden",
        "this address only answers to its IP address or <host>.local name",
        "open the address from the pairing screen (or the QR code) instead of a custom host name",
      );
    }
    if (ctx.area === "static") return next();
    if (!originAllowed(ctx.request, ctx.listener)) {
      return errorResponse(
        "forbidden",
        "cross-origin requests are not allowed",
        "open the dashboard from this server's own address",
      );
    }
    if (ctx.listener === "local" && options.loopbackOnly && !options.token && !hostAllowedForLoopback(ctx.request)) {
      return errorResponse(
        "forbidden",
        "this server only answers to localhost",
        "open http://127.0.0.1 instead of a custom host name",
      );
    }
    return next();
  };
}

/** While the server drains for a shutdown, new API requests and sockets get `shutting_down`; health still answers. */
export function refuseWhileDraining(drain: Drain): Middleware {
  return (ctx, next) => {
    if (!drain.active || ctx.area === "static" || ctx.url.pathname === "/api/health") return next();
    return responseForError(shuttingDown(), () => undefined);
  };
}

/** CORS preflight: the dashboard is same-origin, so this only names what is allowed. */
export const answerPreflight: Middleware = (ctx, next) => {
  if (ctx.request.method !== "OPTIONS") return next();
  return new Response(null, {
    status: 204,
    headers: { allow: "GET, HEAD, POST, PUT, PATCH, DELETE", ...corsHeaders(ctx.request, ctx.listener) },
  });
};

/** Echoes an allowed Origin on API answers. */
export const addCorsHeaders: Middleware = async (ctx, next) => {
  const response = await next();
  if (ctx.area === "api" && response) {
    for (const [key, value] of Object.entries(corsHeaders(ctx.request, ctx.listener))) response.headers.set(key, value);
  }
  return response;
};

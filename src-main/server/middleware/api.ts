import type { RouteContract } from "../../../src-shared/contracts";
import { MiladyError } from "../../../src-shared/protocol";
import { isAuthorized } from "../auth";
import { formatBytes } from "../body";
import { errorResponse } from "../respond";
import type { Router } from "../router";
import type { Middleware } from "./pipeline";

const UNAUTHORIZED_FIX =
  'send "Authorization: Bearer <token>" (the token is printed at startup, or set MILADY_API_TOKEN)';

/** Finds the /api route; its contract decides the token and body checks that follow. */
export function matchRoute(router: Router): Middleware {
  return (ctx, next) => {
    if (ctx.area === "api") ctx.match = router.match(ctx.request.method, ctx.url.pathname);
    return next();
  };
}

/**
 * Every /api request needs the token (when one is set), except routes whose contract is public.
 * It runs before 404/405 so a caller without a token learns nothing about which routes exist.
 */
export function requireToken(token: string | undefined): Middleware {
  return (ctx, next) => {
    if (ctx.area !== "api") return next();
    const isPublic = ctx.match?.kind === "found" && ctx.match.route.contract?.access === "public";
    ctx.authorized = isAuthorized(ctx.request, token);
    if (!isPublic && !ctx.authorized) {
      return errorResponse("unauthorized", "missing or wrong API token", UNAUTHORIZED_FIX);
    }
    return next();
  };
}

/** The most a route reads: its upload limit, or the configured JSON limit. */
export function bodyLimitOf(route: RouteContract | undefined, maxJsonBytes: number): number {
  const body = route?.body;
  if (body && "kind" in body && body.kind === "multipart") return body.maxBytes;
  return maxJsonBytes;
}

/** A declared Content-Length over the route's limit is refused before a byte is read (the read itself counts too). */
export function limitBody(maxJsonBytes: () => number): Middleware {
  return (ctx, next) => {
    if (ctx.area !== "api" || ctx.match?.kind !== "found") return next();
    const limit = bodyLimitOf(ctx.match.route.contract, maxJsonBytes());
    const declared = Number(ctx.request.headers.get("content-length") ?? 0);
    if (declared > limit) {
      throw new MiladyError(
        "payload_too_large",
        `request body is larger than ${formatBytes(limit)}`,
        "send a smaller body, or raise server.maxBodyBytes in milady.json",
      );
    }
    return next();
  };
}

/** Runs the matched route, or answers 404 / 405 for /api paths that have none. */
export const runRoute: Middleware = (ctx, next) => {
  if (ctx.area !== "api") return next();
  const { request, url, server, match } = ctx;
  if (!match || match.kind === "none") {
    return errorResponse("not_found", `no API route ${url.pathname}`, "see GET /api/health for a quick check");
  }
  if (match.kind === "wrong_method") {
    return errorResponse("method_not_allowed", `${request.method} is not allowed on ${url.pathname}`, undefined, {
      allow: match.allow.join(", "),
    });
  }
  return match.handler({
    request,
    url,
    params: match.params,
    authorized: ctx.authorized ?? false,
    keepOpen: () => server.timeout(request, 0),
  });
};

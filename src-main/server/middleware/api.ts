import { accessOf, type RouteContract } from "../../../src-shared/contracts";
import { MiladyError } from "../../../src-shared/protocol";
import { formatBytes } from "../body";
import { offeredTokens } from "../gate";
import { errorResponse } from "../respond";
import type { Router } from "../router";
import type { Middleware } from "./pipeline";

const UNAUTHORIZED_FIX =
  'send "Authorization: Bearer <token>" (the token is printed at startup, or set MILADY_API_TOKEN)';

const PAIR_FIX =
  'pair this device: open this address in its browser and follow Connect (the desktop shows a code under "Pair a phone" in the Settings tab, or run `milady pair` there)';

/** Finds the /api route; its contract decides the token and body checks that follow. */
export function matchRoute(router: Router): Middleware {
  return (ctx, next) => {
    if (ctx.area === "api") ctx.match = router.match(ctx.request.method, ctx.url.pathname);
    return next();
  };
}

/**
 * Every /api request needs a valid token for its listener (when one is needed), except routes
 * whose contract is public; `owner` routes refuse a paired device. It runs before 404/405 so a
 * caller without a token learns nothing about which routes exist.
 */
export const requireCaller: Middleware = (ctx, next) => {
  if (ctx.area !== "api") return next();
  const contract = ctx.match?.kind === "found" ? ctx.match.route.contract : undefined;
  // No route (404/405 next): a token is still needed, so nothing is learnt about which routes exist.
  const access = contract ? accessOf(contract) : "device";
  const caller = ctx.gate.callerOf(offeredTokens(ctx.request, ctx.url, "api"), ctx.address);
  ctx.caller = caller;
  ctx.authorized = caller.kind !== "none";
  if (access === "public") return next();
  if (caller.kind === "none") {
    return errorResponse(
      "unauthorized",
      "missing or wrong API token",
      ctx.listener === "lan" ? PAIR_FIX : UNAUTHORIZED_FIX,
    );
  }
  if (access === "owner" && caller.kind !== "owner") {
    return errorResponse(
      "forbidden",
      "A paired phone cannot do this; only the desktop's owner can.",
      "Do it on the desktop: in Milady's window, or with `milady` in a terminal there.",
    );
  }
  return next();
};

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
    caller: ctx.caller ?? { kind: "none" },
    address: ctx.address,
    keepOpen: () => server.timeout(request, 0),
  });
};

import type { Logger } from "../../logging";
import { openAiBodyFor, openAiErrorOf, openAiErrorResponse } from "../openai/errors";
import { asWireError } from "../respond";
import type { Middleware } from "./pipeline";

/** The OpenAI-compatible API's paths; /api keeps Milady's own error shape. */
export function isOpenAiPath(path: string): boolean {
  return path === "/v1" || path.startsWith("/v1/");
}

/**
 * Every non-2xx answer on /v1 in OpenAI's shape `{error: {message, type, param, code}}`, whoever
 * made it (the token check, the body check, a route, a 404), so OpenAI clients raise their own
 * APIError with a readable message. It sits right inside catchErrors and answers throws itself.
 */
export function shapeOpenAiErrors(log: Logger): Middleware {
  return async (ctx, next) => {
    if (!isOpenAiPath(ctx.url.pathname)) return next();
    let response: Response | undefined;
    try {
      response = await next();
    } catch (error) {
      const shaped = openAiErrorOf(error);
      if (shaped) return openAiErrorResponse(shaped.status, shaped.body);
      log.error(`request failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      return openAiErrorResponse(500, {
        error: {
          message: "internal server error; see the Milady log for details (milady logs)",
          type: "server_error",
          param: null,
          code: "internal",
        },
      });
    }
    if (!response || response.ok || !(response.headers.get("content-type") ?? "").includes("application/json")) {
      return response;
    }
    const body = (await response
      .clone()
      .json()
      .catch(() => undefined)) as { error?: unknown } | undefined;
    const wire = asWireError(body?.error);
    if (!wire) return response;
    if (ctx.match?.kind === "none") {
      wire.message = `there is no ${ctx.url.pathname} here: Milady's OpenAI-compatible API serves GET /v1/models, POST /v1/chat/completions and POST /v1/responses`;
      wire.fix = undefined;
    }
    return openAiErrorResponse(response.status, openAiBodyFor(wire, response.status), response.headers);
  };
}

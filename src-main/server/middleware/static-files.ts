import { errorResponse } from "../respond";
import { serveStatic } from "../static";
import type { Middleware } from "./pipeline";

/** Everything else is the dashboard: GET and HEAD only. */
export function serveDashboard(staticDir: string | undefined): Middleware {
  return (ctx) => {
    const { request, url } = ctx;
    if (request.method !== "GET" && request.method !== "HEAD") {
      return errorResponse("method_not_allowed", `${request.method} is not allowed on ${url.pathname}`, undefined, {
        allow: "GET, HEAD",
      });
    }
    return serveStatic(request, url.pathname, staticDir) ?? errorResponse("not_found", `no file ${url.pathname}`);
  };
}

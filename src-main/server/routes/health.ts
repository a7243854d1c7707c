import type { HealthResponse, StatusResponse } from "../../../src-shared/protocol";
import { json } from "../respond";
import type { RouteDef } from "../router";
import type { RouteContext } from "../types";

export function statusBody(ctx: RouteContext): StatusResponse {
  return { ...ctx.options.agent.status(), runId: ctx.events.runId, seq: ctx.events.seq };
}

export const healthRoutes: RouteDef[] = [
  {
    method: "GET",
    path: "/api/health",
    // Never touches the agent: answers in microseconds even while the agent boots.
    handler: (ctx) => {
      const body: HealthResponse = {
        ok: true,
        version: ctx.options.version,
        uptimeMs: Date.now() - ctx.startedAt,
        runId: ctx.events.runId,
      };
      return json(body);
    },
  },
  { method: "GET", path: "/api/status", handler: (ctx) => json(statusBody(ctx)) },
];

/**
 * The HTTP + WebSocket API (one port, default 2138): routes under /api, sequenced
 * events on /ws, and the built dashboard for every other GET. Bun.serve only, no framework.
 */
export { WS_BEARER_PREFIX, WS_PROTOCOL } from "./auth";
export { implementRoutes, type RouteRequest, type RoutesImpl } from "./contract-routes";
export { EventBus, REPLAY_CAPACITY, type ReplayResult } from "./event-bus";
export { type RouteDef, Router } from "./router";
export { type ApiDeps, apiRoutes, buildGlb, checkVrm, type DesktopControl, type VrmCheck } from "./routes";
export { startServer } from "./server";
export type { RouteContext, RunningServer, ServerOptions } from "./types";

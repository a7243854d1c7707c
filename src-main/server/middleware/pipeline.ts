import type { Server } from "bun";
import type { Caller, Gate } from "../gate";
import type { RouteMatch } from "../router";
import type { WsData } from "../ws";

/** Which part of the server a request is for: the JSON API (/api and /v1), the event socket, or the dashboard's files. */
export type Area = "api" | "ws" | "static";

export interface HttpContext {
  request: Request;
  url: URL;
  area: Area;
  server: Server<WsData>;
  /** The listener the request came in on: loopback HTTP, or the LAN's HTTPS. */
  listener: "local" | "lan";
  /** Decides who is calling on this listener. */
  gate: Gate;
  /** The client's IP address ("" when Bun cannot tell). */
  address: string;
  /** Set by requireCaller for /api requests. */
  caller?: Caller;
  /** Set by matchRoute for /api requests. */
  match?: RouteMatch;
  /** Set by requireCaller: the request carries a valid token (or none is needed). */
  authorized?: boolean;
}

/** `undefined` means "answered by upgrading to a WebSocket". */
export type Outcome = Response | undefined;
export type Next = () => Promise<Outcome>;
export type Middleware = (ctx: HttpContext, next: Next) => Outcome | Promise<Outcome>;

export function areaOf(path: string): Area {
  // /v1 is the OpenAI-compatible API: the same routes, tokens and limits as /api.
  if (path === "/api" || path.startsWith("/api/") || path === "/v1" || path.startsWith("/v1/")) return "api";
  if (path === "/ws") return "ws";
  return "static";
}

/** Runs middlewares in order; each decides whether to call the next one. The last must answer. */
export function compose(middlewares: readonly Middleware[]): (ctx: HttpContext) => Promise<Outcome> {
  const run = (index: number, ctx: HttpContext): Promise<Outcome> => {
    const middleware = middlewares[index];
    if (!middleware) return Promise.resolve(new Response("no handler", { status: 500 }));
    return Promise.resolve(middleware(ctx, () => run(index + 1, ctx)));
  };
  return (ctx) => run(0, ctx);
}

/**
 * Scripted Milady API server (test double for src-main's server, which the
 * renderer must not import). Real HTTP + WebSocket on 127.0.0.1, port 0.
 * Tests register handlers per contract route with `on(route, handler)`: a handler's
 * plain answer is typed by the route's contract and checked against its schema, so a
 * fixture cannot drift from what the real server sends. Unmatched routes answer 404
 * in the wire error shape.
 */
import type { Server, ServerWebSocket } from "bun";
import { z } from "zod";
import type { PathParams, RouteContract, RouteResult } from "../../src-shared/contracts";

export type Handler = (req: Request, url: URL) => Response | Promise<Response>;

/** A contract route's scripted answer: its JSON body (typed, checked), or any Response (SSE, errors). */
export type ContractHandler<R extends RouteContract> = (
  req: Request,
  params: PathParams<R["path"]>,
  url: URL,
) => RouteResult<R> | Response | Promise<RouteResult<R> | Response>;

export interface ScriptedServer {
  url: string;
  /** Registers the answer of one contract route (replacing an earlier one). */
  on<R extends RouteContract>(route: R, handler: ContractHandler<R>): void;
  routes: Map<string, Handler>;
  sockets: Set<ServerWebSocket<unknown>>;
  received: unknown[];
  protocols: string[];
  requests: { method: string; path: string; auth: string | null; body?: unknown }[];
  stop(): void;
}

export function json(data: unknown, status = 200): Response {
  return new Response(JSON.stringify(data), { status, headers: { "Content-Type": "application/json" } });
}

export function wireError(code: string, message: string, status: number, fix?: string): Response {
  return json({ error: { code, message, fix } }, status);
}

/** An SSE response whose events are written with a small gap, like a model producing tokens. */
export function sse(events: unknown[], gapMs = 2): Response {
  const enc = new TextEncoder();
  const stream = new ReadableStream({
    async start(ctrl) {
      for (const ev of events) {
        ctrl.enqueue(enc.encode(`data: ${JSON.stringify(ev)}\n\n`));
        await Bun.sleep(gapMs);
      }
      ctrl.close();
    },
  });
  return new Response(stream, { headers: { "Content-Type": "text/event-stream" } });
}

export function startScriptedServer(): ScriptedServer {
  const routes = new Map<string, Handler>();
  const sockets = new Set<ServerWebSocket<unknown>>();
  const received: unknown[] = [];
  const protocols: string[] = [];
  const requests: ScriptedServer["requests"] = [];
  const contractRoutes: Array<{ method: string; path: string; pattern: RegExp; answer: Handler }> = [];
  const server: Server<unknown> = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req, srv) {
      const url = new URL(req.url);
      if (url.pathname === "/ws") {
        const proto = req.headers.get("sec-websocket-protocol") ?? "";
        protocols.push(proto);
        const ok = srv.upgrade(req, { data: undefined, headers: { "Sec-WebSocket-Protocol": "milady.v1" } });
        return ok ? undefined : new Response("upgrade failed", { status: 400 });
      }
      const key = `${req.method} ${url.pathname}`;
      const contractRoute = contractRoutes.find((r) => r.method === req.method && r.pattern.test(url.pathname));
      let body: unknown;
      if (req.headers.get("content-type")?.includes("application/json"))
        body = await req
          .clone()
          .json()
          .catch(() => undefined);
      requests.push({ method: req.method, path: url.pathname, auth: req.headers.get("authorization"), body });
      const h = routes.get(key);
      if (h) return h(req, url);
      if (contractRoute) return contractRoute.answer(req, url);
      return wireError("not_found", `no route ${key}`, 404);
    },
    websocket: {
      open(ws) {
        sockets.add(ws);
      },
      message(_ws, msg) {
        received.push(JSON.parse(String(msg)));
      },
      close(ws) {
        sockets.delete(ws);
      },
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}`,
    on(route, handler) {
      const names: string[] = [];
      const source = route.path.replace(/:(\w+)/g, (_m, name: string) => {
        names.push(name);
        return "([^/]+)";
      });
      const pattern = new RegExp(`^${source}$`);
      const answer: Handler = async (req, url) => {
        const found = pattern.exec(url.pathname) ?? [];
        const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(found[i + 1] ?? "")]));
        const result = await handler(req, params as never, url);
        if (result instanceof Response) return result;
        if (!(route.response instanceof z.ZodType))
          throw new Error(`${route.path}: a file route must answer a Response`);
        const checked = route.response.safeParse(result);
        if (!checked.success) {
          return wireError(
            "internal",
            `scripted ${route.method} ${route.path} breaks its contract: ${checked.error.message}`,
            500,
          );
        }
        return json(checked.data, route.status ?? 200);
      };
      routes.delete(`${route.method} ${route.path}`); // the contract answer replaces a raw one
      const at = contractRoutes.findIndex((r) => r.method === route.method && r.path === route.path);
      const entry = { method: route.method, path: route.path, pattern, answer };
      if (at >= 0) contractRoutes[at] = entry;
      else contractRoutes.push(entry);
    },
    routes,
    sockets,
    received,
    protocols,
    requests,
    stop: () => server.stop(true),
  };
}

/**
 * Scripted Milady API server (test double for src-main's server, which the
 * renderer must not import). Real HTTP + WebSocket on 127.0.0.1, port 0.
 * Tests register handlers per "METHOD /path"; unmatched routes answer 404
 * in the wire error shape.
 */
import type { Server, ServerWebSocket } from "bun";

export type Handler = (req: Request, url: URL) => Response | Promise<Response>;

export interface ScriptedServer {
  url: string;
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
      let body: unknown;
      if (req.headers.get("content-type")?.includes("application/json"))
        body = await req
          .clone()
          .json()
          .catch(() => undefined);
      requests.push({ method: req.method, path: url.pathname, auth: req.headers.get("authorization"), body });
      const h = routes.get(key);
      if (!h) return wireError("not_found", `no route ${key}`, 404);
      return h(req, url);
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
    routes,
    sockets,
    received,
    protocols,
    requests,
    stop: () => server.stop(true),
  };
}

import type { Server } from "bun";
import { STATUS_HEARTBEAT_MS } from "../../src-shared/protocol";
import { createLogger } from "../logging";
import { Drain } from "./drain";
import { type Gate, localGate } from "./gate";
import {
  addCorsHeaders,
  answerPreflight,
  areaOf,
  catchErrors,
  compose,
  guardOrigin,
  limitBody,
  matchRoute,
  refuseWhileDraining,
  requireCaller,
  runRoute,
  serveDashboard,
  shapeOpenAiErrors,
  upgradeWebSocket,
} from "./middleware";
import { responseForError } from "./respond";
import { Router } from "./router";
import { apiRoutes, bridgeAgentEvents } from "./routes";
import type { LanListener, LanTls, RunningServer, ServerOptions } from "./types";
import { createWsHandler, type WsData } from "./ws";

/** How long a stop waits for replies in flight; the whole shutdown must end within 5 s. */
export const DRAIN_MS = 2500;
/** Ordinary requests answer in milliseconds; 30 s only cuts dead sockets. Chat and SSE lift it per request. */
const IDLE_TIMEOUT_SECONDS = 30;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = createLogger(options.logs, "server");
  const { agent, events } = options;
  const drain = new Drain();
  const deps = {
    ...options,
    drain,
    log,
    startedAt: Date.now(),
    maxJsonBytes: () => options.config.current().server.maxBodyBytes,
    strict: options.strictContracts ?? false,
  };
  const router = new Router(apiRoutes(deps));

  // The whole HTTP path, in order. Each piece is a small function in middleware/.
  const handle = compose([
    catchErrors(log),
    shapeOpenAiErrors(log),
    guardOrigin({ loopbackOnly: options.loopback, token: options.token }),
    refuseWhileDraining(drain),
    answerPreflight,
    upgradeWebSocket(),
    addCorsHeaders,
    matchRoute(router),
    requireCaller,
    limitBody(deps.maxJsonBytes),
    runRoute,
    serveDashboard(options.staticDir),
  ]);

  const ws = createWsHandler({ events, agent, log });
  /** One Bun server per listener, the same pipeline behind each; the listener decides who is calling. */
  const listen = (listener: "local" | "lan", gate: Gate, at: { hostname: string; port: number; tls?: LanTls }) =>
    Bun.serve<WsData>({
      hostname: at.hostname,
      port: at.port,
      tls: at.tls,
      idleTimeout: IDLE_TIMEOUT_SECONDS,
      // Far above every route's limit, so an oversized body gets Milady's typed 413 (limitBody, readBodyLimited)
      // instead of Bun's empty one; bodies are streamed and cut at the route's limit, never buffered whole.
      maxRequestBodySize: 8 * 1024 ** 3,
      fetch: (request, srv) => {
        // Without a Host header (HTTP/1.0 clients) Bun's request.url is only the path: give it a base.
        const url = new URL(request.url, "http://localhost");
        const address = srv.requestIP(request)?.address ?? "";
        return handle({ request, url, area: areaOf(url.pathname), server: srv, listener, gate, address });
      },
      error: (error) => responseForError(error, (detail) => log.error(`request failed: ${detail}`)),
      websocket: ws.handler,
    });
  const server: Server<WsData> = listen("local", localGate(options.token), {
    hostname: options.bind,
    port: options.port,
  });
  const lanListeners = new Set<LanListener>();

  // Fan the bus out to /ws clients: serialised once per event, each client's backlog watched.
  const unsubscribers: (() => void)[] = [events.subscribe((event) => ws.broadcast(event)), bridgeAgentEvents(deps)];
  const heartbeat = setInterval(
    () => events.broadcastEphemeral("status", agent.status()),
    options.heartbeatMs ?? STATUS_HEARTBEAT_MS,
  );
  heartbeat.unref?.();

  const port = server.port ?? options.port;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://${displayHost(options.bind)}:${port}`,
    port,
    runId: events.runId,
    events,
    listenLan(at) {
      const lanServer = listen("lan", at.gate, { hostname: at.hostname, port: at.port, tls: at.tls });
      const listener: LanListener = {
        port: lanServer.port ?? at.port,
        async stop() {
          lanListeners.delete(listener);
          ws.closeWhere((data) => data.lan === true, 1001, "LAN access was turned off");
          await lanServer.stop(true);
        },
      };
      lanListeners.add(listener);
      return listener;
    },
    closeSockets: (which, code, reason) => ws.closeWhere(which, code, reason),
    connectedDevices: () => ws.connectedDevices(),
    stop() {
      stopped ??= (async () => {
        // Replies in flight get the drain's budget; what is left is answered `shutting_down`, not reset.
        await drain.begin(options.drainMs ?? DRAIN_MS);
        clearInterval(heartbeat);
        for (const unsubscribe of unsubscribers) unsubscribe();
        ws.closeAll(1001, "Milady is shutting down");
        await Promise.all([...lanListeners].map((l) => l.stop()));
        await server.stop(true);
      })();
      return stopped;
    },
  };
}

/** The host part of the URL clients should use for a bind address. */
function displayHost(bind: string): string {
  if (bind === "0.0.0.0") return "127.0.0.1";
  if (bind === "::") return "[::1]";
  return bind.includes(":") ? `[${bind}]` : bind;
}

import type { Server } from "bun";
import { AVATAR_MAX_BYTES } from "../../src-shared/contracts";
import { STATUS_HEARTBEAT_MS } from "../../src-shared/protocol";
import { createLogger } from "../logging";
import {
  addCorsHeaders,
  answerPreflight,
  areaOf,
  catchErrors,
  compose,
  guardOrigin,
  limitBody,
  matchRoute,
  requireToken,
  runRoute,
  serveDashboard,
  upgradeWebSocket,
} from "./middleware";
import { isLoopbackBind } from "./origin";
import { responseForError } from "./respond";
import { Router } from "./router";
import { apiRoutes, bridgeAgentEvents } from "./routes";
import type { RunningServer, ServerOptions } from "./types";
import { createWsHandler, TOPIC_EVENTS, TOPIC_LOGS, type WsData } from "./ws";

/** Ordinary requests answer in milliseconds; 30 s only cuts dead sockets. Chat and SSE lift it per request. */
const IDLE_TIMEOUT_SECONDS = 30;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = createLogger(options.logs, "server");
  const { agent, events } = options;
  const deps = {
    ...options,
    log,
    startedAt: Date.now(),
    maxJsonBytes: () => options.config.current().server.maxBodyBytes,
    strict: options.strictContracts ?? false,
  };
  const router = new Router(apiRoutes(deps));

  // The whole HTTP path, in order. Each piece is a small function in middleware/.
  const handle = compose([
    catchErrors(log),
    guardOrigin({ loopbackOnly: isLoopbackBind(options.bind), token: options.token }),
    answerPreflight,
    upgradeWebSocket(options.token),
    addCorsHeaders,
    matchRoute(router),
    requireToken(options.token),
    limitBody(deps.maxJsonBytes),
    runRoute,
    serveDashboard(options.staticDir),
  ]);

  const maxBodyBytes = options.config.current().server.maxBodyBytes;
  const server: Server<WsData> = Bun.serve<WsData>({
    hostname: options.bind,
    port: options.port,
    idleTimeout: IDLE_TIMEOUT_SECONDS,
    // Bun's own cap; routes enforce their precise limits (config for JSON, 50 MB for avatars).
    maxRequestBodySize: Math.max(maxBodyBytes, AVATAR_MAX_BYTES) + 1024 * 1024,
    fetch: (request, srv) => {
      const url = new URL(request.url);
      return handle({ request, url, area: areaOf(url.pathname), server: srv });
    },
    error: (error) => responseForError(error, (detail) => log.error(`request failed: ${detail}`)),
    websocket: createWsHandler({ events, agent, log }),
  });

  // Fan the bus out to /ws clients: serialize once, let Bun's pub/sub copy it to every socket.
  const unsubscribers: (() => void)[] = [
    events.subscribe((event) =>
      server.publish(event.type === "log" ? TOPIC_LOGS : TOPIC_EVENTS, JSON.stringify(event)),
    ),
    bridgeAgentEvents(deps),
  ];
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
    stop() {
      stopped ??= (async () => {
        clearInterval(heartbeat);
        for (const unsubscribe of unsubscribers) unsubscribe();
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

import type { Server } from "bun";
import { newId } from "../../src-shared/ids";
import { STATUS_HEARTBEAT_MS } from "../../src-shared/protocol";
import { createLogger } from "../logging";
import { authorizeWebSocket, isAuthorized } from "./auth";
import { EventBus } from "./event-bus";
import { corsHeaders, hostAllowedForLoopback, isLoopbackBind, originAllowed } from "./origin";
import { errorResponse, responseForError } from "./respond";
import { Router } from "./router";
import { API_ROUTES, AVATAR_MAX_BYTES } from "./routes";
import { serveStatic } from "./static";
import type { RouteContext, RunningServer, ServerOptions } from "./types";
import { createWsHandler, TOPIC_EVENTS, TOPIC_LOGS, type WsData, wsDataFromUrl } from "./ws";

/** Ordinary requests answer in milliseconds; 30 s only cuts dead sockets. Chat and SSE lift it per request. */
const IDLE_TIMEOUT_SECONDS = 30;
const UNAUTHORIZED_FIX =
  'send "Authorization: Bearer <token>" (the token is printed at startup, or set MILADY_API_TOKEN)';

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = createLogger(options.logs, "server");
  const events = new EventBus();
  const router = new Router(API_ROUTES);
  const startedAt = Date.now();
  const downloads = new Set<string>();
  const loopbackOnly = isLoopbackBind(options.bind);

  const handleApi = async (request: Request, url: URL, server: Server<WsData>): Promise<Response> => {
    if (!isAuthorized(request, options.token))
      return errorResponse("unauthorized", "missing or wrong API token", UNAUTHORIZED_FIX);
    const match = router.match(request.method, url.pathname);
    if (match.kind === "none")
      return errorResponse("not_found", `no API route ${url.pathname}`, "see GET /api/health for a quick check");
    if (match.kind === "wrong_method") {
      return errorResponse("method_not_allowed", `${request.method} is not allowed on ${url.pathname}`, undefined, {
        allow: match.allow.join(", "),
      });
    }
    const ctx: RouteContext = {
      request,
      url,
      params: match.params,
      options,
      events,
      log,
      startedAt,
      downloads,
      keepOpen: () => server.timeout(request, 0),
    };
    try {
      return await match.handler(ctx);
    } catch (error) {
      return responseForError(error, (detail) => log.error(`${request.method} ${url.pathname} failed: ${detail}`));
    }
  };

  const fetch = async (request: Request, server: Server<WsData>): Promise<Response | undefined> => {
    const url = new URL(request.url);
    const path = url.pathname;
    const isApi = path === "/api" || path.startsWith("/api/");
    const isWs = path === "/ws";
    if (isApi || isWs) {
      if (!originAllowed(request)) {
        return errorResponse(
          "forbidden",
          "cross-origin requests are not allowed",
          "open the dashboard from this server's own address",
        );
      }
      if (loopbackOnly && !options.token && !hostAllowedForLoopback(request)) {
        return errorResponse(
          "forbidden",
          "this server only answers to localhost",
          "open http://127.0.0.1 instead of a custom host name",
        );
      }
    }
    if (request.method === "OPTIONS")
      return new Response(null, {
        status: 204,
        headers: { allow: "GET, HEAD, POST, PUT, PATCH, DELETE", ...corsHeaders(request) },
      });
    if (isWs) {
      const auth = authorizeWebSocket(request, url, options.token);
      if (!auth.ok)
        return errorResponse(
          "unauthorized",
          "missing or wrong API token for /ws",
          'offer the subprotocols "milady.v1" and "milady.bearer.<token>", or add ?token=',
        );
      const upgraded = server.upgrade(request, {
        data: wsDataFromUrl(url, newId()),
        headers: auth.protocol ? { "sec-websocket-protocol": auth.protocol } : undefined,
      });
      return upgraded
        ? undefined
        : errorResponse("bad_request", "/ws expects a WebSocket upgrade", "connect with new WebSocket(url)");
    }
    if (isApi) {
      const response = await handleApi(request, url, server);
      for (const [key, value] of Object.entries(corsHeaders(request))) response.headers.set(key, value);
      return response;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      return errorResponse("method_not_allowed", `${request.method} is not allowed on ${path}`, undefined, {
        allow: "GET, HEAD",
      });
    }
    return serveStatic(request, path, options.staticDir) ?? errorResponse("not_found", `no file ${path}`);
  };

  const maxBodyBytes = options.config.current().server.maxBodyBytes;
  const server: Server<WsData> = Bun.serve<WsData>({
    hostname: options.bind,
    port: options.port,
    idleTimeout: IDLE_TIMEOUT_SECONDS,
    // Bun's own cap; routes enforce their precise limits (config for JSON, 50 MB for avatars).
    maxRequestBodySize: Math.max(maxBodyBytes, AVATAR_MAX_BYTES) + 1024 * 1024,
    fetch: async (request, srv) => {
      try {
        return await fetch(request, srv);
      } catch (error) {
        return responseForError(error, (detail) => log.error(`request failed: ${detail}`));
      }
    },
    error: (error) => responseForError(error, (detail) => log.error(`request failed: ${detail}`)),
    websocket: createWsHandler({ events, agent: options.agent, log }),
  });

  // Fan the bus out to /ws clients: serialize once, let Bun's pub/sub copy it to every socket.
  const unsubscribers: (() => void)[] = [];
  unsubscribers.push(
    events.subscribe((event) =>
      server.publish(event.type === "log" ? TOPIC_LOGS : TOPIC_EVENTS, JSON.stringify(event)),
    ),
  );
  const { agent } = options;
  unsubscribers.push(
    agent.on("status", (snapshot) =>
      events.publish("status", snapshot, snapshot.agentId ? { agentId: snapshot.agentId } : {}),
    ),
    agent.on("conversation_update", (update) =>
      events.publish("conversation_update", update, { roomId: update.conversation.id }),
    ),
    // Token deltas are not buffered for replay: a reconnecting client gets the whole reply from conversation_update.
    agent.on("agent_event", ({ roomId, payload }) =>
      payload.kind === "token"
        ? events.broadcastEphemeral("agent_event", payload, { roomId, stream: "token" })
        : events.publish("agent_event", payload, roomId ? { roomId } : {}),
    ),
    agent.on("model_progress", (payload) => events.publish("model_progress", payload)),
    options.logs.subscribe((line) => events.broadcastEphemeral("log", line)),
  );
  const heartbeat = setInterval(
    () => events.broadcastEphemeral("status", agent.status()),
    options.heartbeatMs ?? STATUS_HEARTBEAT_MS,
  );
  heartbeat.unref?.();

  const port = server.port ?? options.port;
  const host =
    options.bind === "0.0.0.0"
      ? "127.0.0.1"
      : options.bind === "::"
        ? "[::1]"
        : options.bind.includes(":")
          ? `[${options.bind}]`
          : options.bind;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
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

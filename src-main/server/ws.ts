import type { ServerWebSocket, WebSocketHandler } from "bun";
import { clientWsMessageSchema, type ServerEvent } from "../../src-shared/protocol";
import type { AgentController } from "../agent-host/types";
import type { Logger } from "../logging";
import type { EventBus } from "./event-bus";

/** Pub/sub topics: every client gets `events`; only `?logs=1` clients get `logs`. */
export const TOPIC_EVENTS = "events";
export const TOPIC_LOGS = "logs";

/**
 * A client that cannot keep up is dropped rather than buffered without bound.
 * 4 MB is thousands of events; a healthy client on a LAN drains that in well under a second.
 */
export const WS_BACKPRESSURE_LIMIT = 4 * 1024 * 1024;
/** Close code 1013 "try again later": the client reconnects and replays from its last seq. */
const CLOSE_TOO_SLOW = 1013;

export interface WsData {
  id: string;
  logs: boolean;
  /** From `?since=SEQ&runId=` on the connect URL. */
  resume?: { runId: string; sinceSeq: number };
}

export function wsDataFromUrl(url: URL, id: string): WsData {
  const data: WsData = { id, logs: url.searchParams.get("logs") === "1" };
  const since = url.searchParams.get("since");
  const runId = url.searchParams.get("runId");
  if (since !== null && runId && /^\d+$/.test(since)) data.resume = { runId, sinceSeq: Number(since) };
  return data;
}

export function createWsHandler(deps: {
  events: EventBus;
  agent: AgentController;
  log: Logger;
}): WebSocketHandler<WsData> {
  const { events, agent, log } = deps;

  const send = (ws: ServerWebSocket<WsData>, event: ServerEvent) => {
    if (ws.readyState !== 1) return;
    ws.send(JSON.stringify(event));
    if (ws.getBufferedAmount() > WS_BACKPRESSURE_LIMIT) {
      log.warn(`websocket client ${ws.data.id} is too slow (over ${WS_BACKPRESSURE_LIMIT} bytes buffered); closing it`);
      ws.close(CLOSE_TOO_SLOW, "too slow: reconnect and replay");
    }
  };

  const replay = (ws: ServerWebSocket<WsData>, runId: string, sinceSeq: number) => {
    const result = events.since(runId, sinceSeq);
    if (result.kind === "gap") {
      send(ws, events.ephemeral("replay_gap", { fromSeq: result.fromSeq, oldestAvailable: result.oldestAvailable }));
      return;
    }
    for (const event of result.events) send(ws, event);
  };

  return {
    backpressureLimit: WS_BACKPRESSURE_LIMIT,
    closeOnBackpressureLimit: true,
    // Client messages are tiny (ping, replay); 64 KB is generous.
    maxPayloadLength: 64 * 1024,
    idleTimeout: 120,
    sendPings: true,
    open(ws) {
      // Replay first, then the current status: the client ends on the freshest state.
      if (ws.data.resume) replay(ws, ws.data.resume.runId, ws.data.resume.sinceSeq);
      send(ws, events.ephemeral("status", agent.status()));
      ws.subscribe(TOPIC_EVENTS);
      if (ws.data.logs) ws.subscribe(TOPIC_LOGS);
    },
    message(ws, raw) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(typeof raw === "string" ? raw : new TextDecoder().decode(raw));
      } catch {
        log.debug(`websocket client ${ws.data.id} sent a message that is not JSON; ignored`);
        return;
      }
      const result = clientWsMessageSchema.safeParse(parsed);
      if (!result.success) {
        log.debug(`websocket client ${ws.data.id} sent an unknown message; ignored`);
        return;
      }
      const message = result.data;
      if (message.type === "ping") send(ws, events.ephemeral("pong", message.id ? { id: message.id } : {}));
      else replay(ws, message.runId, message.sinceSeq);
    },
    close(ws) {
      ws.unsubscribe(TOPIC_EVENTS);
      ws.unsubscribe(TOPIC_LOGS);
    },
  };
}

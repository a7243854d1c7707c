import type { ServerWebSocket, WebSocketHandler } from "bun";
import { clientWsMessageSchema, type ServerEvent } from "../../src-shared/protocol";
import type { AgentController } from "../agent-host/types";
import type { Logger } from "../logging";
import type { EventBus } from "./event-bus";

/**
 * A client that cannot keep up is dropped rather than buffered without bound.
 * 4 MB is thousands of events; a healthy client on a LAN drains that in well under a second.
 */
export const WS_BACKPRESSURE_LIMIT = 4 * 1024 * 1024;
/** Close code 1013 "try again later": the client reconnects and replays from its last seq. */
export const CLOSE_TOO_SLOW = 1013;
/** A client told to go (its close frame queued behind what it has not read) is cut off after this. */
const TERMINATE_AFTER_MS = 5000;

/** Events only the owner's sockets get (never a paired device's). */
const OWNER_EVENTS = new Set<string>(["lan_status", "pair_request"]);

export interface WsData {
  id: string;
  logs: boolean;
  /** From `?since=SEQ&runId=` on the connect URL. */
  resume?: { runId: string; sinceSeq: number };
  /** The paired device this socket belongs to (LAN clients with a device token). */
  deviceId?: string;
  /** Came in on the LAN listener (closed when LAN access goes off). */
  lan?: boolean;
}

export function wsDataFromUrl(url: URL, id: string): WsData {
  const data: WsData = { id, logs: url.searchParams.get("logs") === "1" };
  const since = url.searchParams.get("since");
  const runId = url.searchParams.get("runId");
  if (since !== null && runId && /^\d+$/.test(since)) data.resume = { runId, sinceSeq: Number(since) };
  return data;
}

export interface WsHub {
  handler: WebSocketHandler<WsData>;
  /** Sends one event (serialised once) to every open client that wants it. */
  broadcast(event: ServerEvent): void;
  /** How many clients are connected. */
  readonly size: number;
  /** Closes every client (a shutdown: 1001 "going away"). */
  closeAll(code: number, reason: string): void;
  /** Closes the clients `which` picks (a revoked device, the LAN going off). */
  closeWhere(which: (data: WsData) => boolean, code: number, reason: string): number;
  /** Devices with a socket open now. */
  connectedDevices(): Set<string>;
}

export function createWsHandler(deps: { events: EventBus; agent: AgentController; log: Logger }): WsHub {
  const { events, agent, log } = deps;
  const open = new Set<ServerWebSocket<WsData>>();

  /** Sends, and drops a client that lags too far behind: a 1013 close it sees once it reads again, then the cut. */
  const sendText = (ws: ServerWebSocket<WsData>, text: string) => {
    if (ws.readyState !== 1) return;
    ws.send(text);
    if (ws.getBufferedAmount() > WS_BACKPRESSURE_LIMIT) {
      log.warn(
        `websocket client ${ws.data.id} is too slow (over ${WS_BACKPRESSURE_LIMIT} bytes not read); closing it with 1013`,
      );
      open.delete(ws);
      ws.close(CLOSE_TOO_SLOW, "too slow: reconnect and replay");
      setTimeout(() => ws.terminate(), TERMINATE_AFTER_MS).unref?.();
    }
  };
  const send = (ws: ServerWebSocket<WsData>, event: ServerEvent) => sendText(ws, JSON.stringify(event));

  /** Logs only to those who asked; who else pairs and where the desktop listens only to the owner, not a phone. */
  const wants = (ws: ServerWebSocket<WsData>, type: string) =>
    (type !== "log" || ws.data.logs) && !(OWNER_EVENTS.has(type) && ws.data.deviceId);

  const replay = (ws: ServerWebSocket<WsData>, runId: string, sinceSeq: number) => {
    const result = events.since(runId, sinceSeq);
    if (result.kind === "gap") {
      send(ws, events.ephemeral("replay_gap", { fromSeq: result.fromSeq, oldestAvailable: result.oldestAvailable }));
      return;
    }
    for (const event of result.events) if (wants(ws, event.type)) send(ws, event);
  };

  const handler: WebSocketHandler<WsData> = {
    // Bun's own limit sits above ours, so the 1013 close and its log line come from sendText, not a silent drop.
    backpressureLimit: WS_BACKPRESSURE_LIMIT * 4,
    closeOnBackpressureLimit: false,
    // Client messages are tiny (ping, replay); 64 KB is generous.
    maxPayloadLength: 64 * 1024,
    idleTimeout: 120,
    sendPings: true,
    open(ws) {
      // Replay first, then the current status: the client ends on the freshest state.
      if (ws.data.resume) replay(ws, ws.data.resume.runId, ws.data.resume.sinceSeq);
      send(ws, events.ephemeral("status", agent.status()));
      open.add(ws);
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
      open.delete(ws);
    },
  };

  return {
    handler,
    broadcast(event) {
      const text = JSON.stringify(event);
      for (const ws of open) if (wants(ws, event.type)) sendText(ws, text);
    },
    get size() {
      return open.size;
    },
    closeAll(code, reason) {
      for (const ws of open) ws.close(code, reason);
      open.clear();
    },
    closeWhere(which, code, reason) {
      let closed = 0;
      for (const ws of [...open]) {
        if (!which(ws.data)) continue;
        open.delete(ws);
        ws.close(code, reason);
        // A client that does not answer the close is cut off, so a revoked phone hears nothing more.
        setTimeout(() => ws.terminate(), TERMINATE_AFTER_MS).unref?.();
        closed++;
      }
      return closed;
    },
    connectedDevices() {
      const ids = new Set<string>();
      for (const ws of open) if (ws.data.deviceId) ids.add(ws.data.deviceId);
      return ids;
    },
  };
}

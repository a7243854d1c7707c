import { type ServerEvent, serverEventSchema } from "../../src-shared/protocol/events";
import { backoffDelay } from "./backoff";

export type ResyncReason = "replay_gap" | "new_run";
export type SocketState = "connecting" | "open" | "closed";

export interface EventSocketOptions {
  url: string;
  getToken: () => string | null | undefined;
  onEvent: (ev: ServerEvent) => void;
  /** Called when buffered events were lost: refetch status and lists. */
  onResync?: (reason: ResyncReason) => void;
  onStateChange?: (state: SocketState) => void;
  /** Injectable for tests. */
  WebSocketImpl?: typeof WebSocket;
  random?: () => number;
  /** Keep-alive ping interval; proxies and phones drop idle sockets after ~30-60 s. */
  pingMs?: number;
}

export interface EventSocket {
  /** Position from a GET /api/status snapshot, so replay starts there. */
  setCursor(runId: string, seq: number): void;
  cursor(): { runId: string | null; seq: number };
  /** Drop the socket and connect again now (e.g. after the token changed). */
  reconnect(): void;
  close(): void;
}

/**
 * /ws client: reconnects with backoff (0.5 s .. 10 s, jitter), remembers the
 * server runId and the last seq, and asks for a replay after reconnecting.
 * The token travels as a subprotocol, never in the URL (URLs end up in logs).
 */
export function createEventSocket(opts: EventSocketOptions): EventSocket {
  const WS = opts.WebSocketImpl ?? globalThis.WebSocket;
  let runId: string | null = null;
  let seq = 0;
  let attempt = 0;
  let ws: WebSocket | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let ping: ReturnType<typeof setInterval> | null = null;
  let closed = false;

  const setState = (s: SocketState) => opts.onStateChange?.(s);

  function connect() {
    if (closed) return;
    setState("connecting");
    const token = opts.getToken();
    const protocols = token ? ["milady.v1", `milady.bearer.${token}`] : ["milady.v1"];
    let sock: WebSocket;
    try {
      sock = new WS(opts.url, protocols);
    } catch {
      schedule();
      return;
    }
    ws = sock;
    sock.onopen = () => {
      attempt = 0;
      setState("open");
      if (runId !== null) sock.send(JSON.stringify({ type: "replay", runId, sinceSeq: seq }));
      ping = setInterval(() => {
        if (sock.readyState === 1) sock.send(JSON.stringify({ type: "ping" }));
      }, opts.pingMs ?? 25_000);
    };
    sock.onmessage = (msg) => handle(msg.data);
    sock.onclose = () => {
      if (ws !== sock) return;
      ws = null;
      if (ping) clearInterval(ping);
      ping = null;
      setState("closed");
      schedule();
    };
    sock.onerror = () => {
      // onclose follows and schedules the retry
    };
  }

  function schedule() {
    if (closed || timer) return;
    const delay = backoffDelay(attempt++, opts.random);
    timer = setTimeout(() => {
      timer = null;
      connect();
    }, delay);
  }

  function handle(data: unknown) {
    if (typeof data !== "string") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return;
    }
    const r = serverEventSchema.safeParse(parsed);
    if (!r.success) return;
    const ev = r.data;
    if (ev.runId && runId !== null && ev.runId !== runId) {
      // The server restarted: its seq starts over and old events are gone.
      runId = ev.runId;
      seq = ev.seq;
      opts.onEvent(ev);
      opts.onResync?.("new_run");
      return;
    }
    if (ev.runId && runId === null) runId = ev.runId;
    if (ev.type === "replay_gap") {
      seq = Math.max(seq, ev.seq);
      opts.onEvent(ev);
      opts.onResync?.("replay_gap");
      return;
    }
    if (ev.type !== "pong") seq = Math.max(seq, ev.seq);
    opts.onEvent(ev);
  }

  connect();

  return {
    setCursor(r, s) {
      runId = r;
      seq = s;
    },
    cursor: () => ({ runId, seq }),
    reconnect() {
      attempt = 0;
      if (timer) clearTimeout(timer);
      timer = null;
      const old = ws;
      ws = null;
      if (ping) clearInterval(ping);
      old?.close();
      connect();
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (ping) clearInterval(ping);
      ws?.close();
      ws = null;
    },
  };
}

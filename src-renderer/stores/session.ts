import type { ServerEvent, ServerEventType } from "../../src-shared/protocol/events";
import { isApiError } from "../api/api-error";
import { createApiClient } from "../api/client";
import { createEventSocket, type EventSocket } from "../api/event-socket";
import { getApi, getToken, setApi } from "./api-holder";
import { loadConversations, openConversation, startQueueFlusher } from "./chat-actions";
import { useChatStore } from "./chat-store";
import { applySnapshot, applyStatusEvent, useStatusStore } from "./status-store";
import { setTokenPrompt } from "./ui-store";

/** /ws handlers by event type; each feature brings its own (features/registry.ts). */
export type ServerEventHandlers = { [T in ServerEventType]?: (event: Extract<ServerEvent, { type: T }>) => void };

export interface SessionOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
  WebSocketImpl?: typeof WebSocket;
  /** Where events other than `status` go (the status bar is the session's own). */
  handlers?: ServerEventHandlers[];
  /**
   * Called instead of the token dialog when the server answers 401: a paired phone goes back to
   * Connect (its pairing was revoked), it has no token to paste.
   */
  onUnauthorized?: () => void;
  /** Called instead of retrying when the server stops answering: a paired phone shows its offline screen. */
  onUnreachable?: () => void;
}

let handlers: ServerEventHandlers[] = [];
let onUnauthorized: (() => void) | undefined;
let onUnreachable: (() => void) | undefined;

let socket: EventSocket | null = null;
let stopFlusher: (() => void) | null = null;
let retryTimer: ReturnType<typeof setTimeout> | null = null;

/** While the server is unreachable we poll status every 2 s, so the UI wakes as soon as the backend answers. */
const STATUS_RETRY_MS = 2000;

export async function refreshStatus(): Promise<void> {
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  try {
    const res = await getApi().system.status();
    applySnapshot(res);
    socket?.setCursor(res.runId, res.seq);
  } catch (e) {
    if (isApiError(e) && e.status === 401) {
      if (onUnauthorized) {
        onUnauthorized();
        return;
      }
      setTokenPrompt(true, getToken() !== null);
      useStatusStore.setState({ unreachable: "This server needs an API token." });
      return;
    }
    useStatusStore.setState({ unreachable: e instanceof Error ? e.message : String(e) });
    if (onUnreachable) {
      onUnreachable();
      return;
    }
    retryTimer = setTimeout(() => void refreshStatus(), STATUS_RETRY_MS);
  }
}

/** After a replay gap or a server restart: the snapshot and lists are the truth again. */
async function resync(): Promise<void> {
  await refreshStatus();
  await loadConversations().catch(() => {});
  const active = useChatStore.getState().activeId;
  if (active && !active.startsWith("draft:")) await openConversation(active).catch(() => {});
}

export function handleServerEvent(ev: ServerEvent): void {
  if (ev.type === "status") applyStatusEvent(ev.payload, ev.seq, ev.runId);
  for (const set of handlers) {
    const handler = set[ev.type] as ((event: ServerEvent) => void) | undefined;
    try {
      handler?.(ev);
    } catch (error) {
      // One feature's broken handler must not stop the others (or the socket).
      console.error(`handling ${ev.type} failed`, error);
    }
  }
}

/** Creates the API client and the /ws socket, takes the first snapshot. Safe to call again (tests, token change). */
export function initSession(opts: SessionOptions = {}): void {
  closeSession();
  handlers = opts.handlers ?? handlers;
  onUnauthorized = opts.onUnauthorized;
  onUnreachable = opts.onUnreachable;
  const api = createApiClient({ baseUrl: opts.baseUrl ?? "", getToken, fetch: opts.fetch });
  setApi(api);
  stopFlusher = startQueueFlusher();
  socket = createEventSocket({
    url: api.wsUrl(),
    getToken,
    WebSocketImpl: opts.WebSocketImpl,
    onEvent: handleServerEvent,
    onResync: () => void resync(),
    onStateChange: (state) => {
      useStatusStore.setState({ socket: state });
      // Open: take a fresh snapshot. Closed: ask once whether the server is still there (and still
      // takes our token): a revoked phone or a stopped desktop shows at once, not at the next click.
      if (state === "open" || state === "closed") void refreshStatus();
    },
  });
  void refreshStatus();
  void loadConversations().catch(() => {});
}

export function reconnectSession(): void {
  socket?.reconnect();
  void refreshStatus();
  void loadConversations().catch(() => {});
}

export function closeSession(): void {
  socket?.close();
  socket = null;
  stopFlusher?.();
  stopFlusher = null;
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
}

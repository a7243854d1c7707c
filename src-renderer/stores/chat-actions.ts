import { conversationsContract } from "../../src-shared/contracts";
import { newId } from "../../src-shared/ids";
import { isApiError } from "../api/api-error";
import { getApi, getToken } from "./api-holder";
import { emitAvatar } from "./avatar-bus";
import { applyChat, chatReducers, type InlineError, useChatStore } from "./chat-store";
import { agentReady, useStatusStore } from "./status-store";
import { setTokenPrompt } from "./ui-store";

const replyListeners = new Set<(text: string) => void>();
/** Speech output subscribes here to read finished replies aloud. */
export function onReplyDone(l: (text: string) => void): () => void {
  replyListeners.add(l);
  return () => replyListeners.delete(l);
}

/**
 * The agent was not there to answer (stopped, starting, restarting, crashed) or the server
 * could not be reached: the message waits in the queue instead of failing. Resending is safe:
 * the server keys a turn by its clientMessageId.
 */
const AGENT_AWAY = new Set(["agent_not_running", "agent_starting", "agent_crashed", "network", "shutting_down"]);

function agentAway(e: unknown): boolean {
  return isApiError(e) && AGENT_AWAY.has(e.code);
}

function toInline(e: unknown): InlineError {
  if (isApiError(e)) {
    if (e.status === 401) setTokenPrompt(true, getToken() !== null);
    return { code: e.code, message: e.message, fix: e.fix };
  }
  return {
    code: "internal",
    message: e instanceof Error ? e.message : String(e),
    fix: "Retry, or check the Logs tab.",
  };
}

export async function loadConversations(): Promise<void> {
  const { conversations } = await getApi().conversations.list();
  applyChat(chatReducers.setConversations, conversations);
}

export async function openConversation(id: string): Promise<void> {
  useChatStore.setState((s) => ({ activeId: id, historyLoading: { ...s.historyLoading, [id]: true } }));
  try {
    const { messages } = await getApi().conversations.messages({ params: { id } });
    applyChat(chatReducers.setHistory, id, messages);
  } finally {
    useChatStore.setState((s) => ({ historyLoading: { ...s.historyLoading, [id]: false } }));
  }
}

export async function newConversation(title?: string): Promise<string> {
  const { conversation: c } = await getApi().conversations.create({ body: title ? { title } : {} });
  useChatStore.setState((s) => ({
    ...chatReducers.upsertConversation(s, c),
    activeId: c.id,
    messages: { ...s.messages, [c.id]: s.messages[c.id] ?? [] },
  }));
  return c.id;
}

/**
 * A new, empty conversation that exists only here until its first message is sent (then the
 * server gets it, titled by that message): a link can open one without leaving an empty
 * conversation behind, and without waiting for the agent.
 */
export function startDraftConversation(): string {
  const id = `draft:${newId()}`;
  useChatStore.setState((s) => ({ activeId: id, messages: { ...s.messages, [id]: [] } }));
  return id;
}

export async function renameConversation(id: string, title: string): Promise<void> {
  const { conversation } = await getApi().conversations.rename({ params: { id }, body: { title } });
  applyChat(chatReducers.upsertConversation, conversation);
}

/** Deletes on the server first: the list only loses it once it is really gone. */
export async function deleteConversation(id: string): Promise<void> {
  await getApi().conversations.remove({ params: { id } });
  applyChat(chatReducers.removeConversation, id);
}

/**
 * Sends now when the agent runs; otherwise shows the bubble as queued and
 * sends it when status turns `running` (see startQueueFlusher).
 */
export async function sendMessage(text: string): Promise<void> {
  const trimmed = text.trim();
  if (!trimmed) return;
  let convId = useChatStore.getState().activeId;
  const clientMessageId = newId();
  const draft = convId?.startsWith("draft:") ? convId : null;
  if (draft && useChatStore.getState().queue.some((q) => q.conversationId === draft)) {
    // Behind the messages already waiting in this draft: the first of them creates the conversation, in order.
    applyChat(chatReducers.addLocalUser, draft, clientMessageId, trimmed, true);
    applyChat(chatReducers.enqueue, { conversationId: draft, clientMessageId, text: trimmed });
    void flushQueue();
    return;
  }
  if (!convId || draft) {
    try {
      const created = await newConversation(trimmed.slice(0, 60));
      if (draft) moveDraft(draft, created);
      convId = created;
    } catch (e) {
      // The agent (or the server) is not there yet: keep the text in a local draft conversation and queue it.
      if (!agentAway(e) && agentReady(useStatusStore.getState().status)) throw e;
      convId = draft ?? `draft:${clientMessageId}`;
      useChatStore.setState({ activeId: convId });
    }
  }
  // Readiness is read after every await: the status may have turned `running` meanwhile.
  if (agentReady(useStatusStore.getState().status)) {
    applyChat(chatReducers.addLocalUser, convId, clientMessageId, trimmed, false);
    await deliver(convId, clientMessageId, trimmed);
    return;
  }
  applyChat(chatReducers.addLocalUser, convId, clientMessageId, trimmed, true);
  applyChat(chatReducers.enqueue, { conversationId: convId, clientMessageId, text: trimmed });
  // The flusher fires when the status turns running; if that happened before this enqueue,
  // flushing now sends it (flushQueue does nothing while the agent is not ready).
  void flushQueue();
}

/** How long a message put back in the queue waits before it is tried again (the status may lag behind). */
const REQUEUE_RETRY_MS = 1500;
let retryTimer: ReturnType<typeof setTimeout> | null = null;

function flushLater(): void {
  if (retryTimer) return;
  retryTimer = setTimeout(() => {
    retryTimer = null;
    void flushQueue();
  }, REQUEUE_RETRY_MS);
}

type Delivery = "answered" | "requeued" | "failed";

/** Streams one reply into the store. Never throws: failures become an inline error with Retry. */
export async function deliver(convId: string, clientMessageId: string, text: string): Promise<Delivery> {
  applyChat(chatReducers.markSending, convId, clientMessageId);
  let streamed = false;
  /** Before any reply text arrived, an absent agent means "wait for it", not "failed". */
  const requeueOrFail = (error: InlineError | unknown): Delivery => {
    const code = isApiError(error) ? error.code : (error as InlineError).code;
    if (!streamed && AGENT_AWAY.has(code)) {
      applyChat(chatReducers.requeue, { conversationId: convId, clientMessageId, text });
      flushLater();
      return "requeued";
    }
    applyChat(
      chatReducers.failReply,
      convId,
      clientMessageId,
      isApiError(error) ? toInline(error) : (error as InlineError),
    );
    return "failed";
  };
  try {
    let finished: Delivery | undefined;
    for await (const ev of getApi().stream(conversationsContract.routes.send, {
      params: { id: convId },
      body: { text, clientMessageId },
    })) {
      if (ev.type === "user_message") applyChat(chatReducers.confirmUser, { ...ev.message, clientMessageId });
      else if (ev.type === "token") {
        streamed = true;
        applyChat(chatReducers.appendDelta, convId, clientMessageId, ev.delta);
        emitAvatar({ kind: "delta", text: ev.delta });
      } else if (ev.type === "done") {
        finished = "answered";
        applyChat(chatReducers.finishReply, convId, clientMessageId, ev.reply);
        for (const l of replyListeners) l(ev.reply.text);
      } else if (ev.type === "error") {
        finished = requeueOrFail(ev.error);
      }
    }
    if (!finished) {
      applyChat(chatReducers.failReply, convId, clientMessageId, {
        code: "stream_ended",
        message: "The reply stream ended early.",
        fix: "Retry; if it keeps happening, check the Logs tab.",
      });
      return "failed";
    }
    return finished;
  } catch (e) {
    if (agentAway(e)) return requeueOrFail(e);
    applyChat(chatReducers.failReply, convId, clientMessageId, toInline(e));
    return "failed";
  }
}

/** Sends a failed or interrupted message again under the same clientMessageId, so the server keeps one copy. */
export async function retry(convId: string, clientMessageId: string): Promise<void> {
  const msg = useChatStore
    .getState()
    .messages[convId]?.find((m) => m.role === "user" && m.clientMessageId === clientMessageId);
  if (msg) await deliver(convId, clientMessageId, msg.text);
}

let flushing = false;

/** Sends queued messages in order; a draft conversation is created on the server first. */
export async function flushQueue(): Promise<void> {
  if (flushing) return;
  flushing = true;
  try {
    while (agentReady(useStatusStore.getState().status)) {
      const next = useChatStore.getState().queue[0];
      if (!next) break;
      applyChat(chatReducers.dequeue, next.clientMessageId);
      let convId = next.conversationId;
      if (convId.startsWith("draft:")) {
        const draft = convId;
        try {
          convId = await newConversation(next.text.slice(0, 60));
        } catch (e) {
          applyChat(chatReducers.failReply, draft, next.clientMessageId, toInline(e));
          continue;
        }
        moveDraft(draft, convId);
      }
      // Put back (the agent went away again): wait for it instead of retrying in a tight loop.
      if ((await deliver(convId, next.clientMessageId, next.text)) === "requeued") break;
    }
  } finally {
    flushing = false;
  }
  // Something queued while the last delivery ran (after the loop looked) must not wait for the next status change.
  if (agentReady(useStatusStore.getState().status) && useChatStore.getState().queue.length > 0) flushLater();
}

function moveDraft(from: string, to: string): void {
  useChatStore.setState((s) => {
    const moved = (s.messages[from] ?? []).map((m) => ({ ...m, conversationId: to }));
    const { [from]: _, ...rest } = s.messages;
    return {
      messages: { ...rest, [to]: [...(rest[to] ?? []), ...moved] },
      activeId: s.activeId === from ? to : s.activeId,
      queue: s.queue.map((q) => (q.conversationId === from ? { ...q, conversationId: to } : q)),
    };
  });
}

/** Flushes the queue whenever the agent becomes ready. Returns the unsubscribe. */
export function startQueueFlusher(): () => void {
  return useStatusStore.subscribe((s, prev) => {
    if (agentReady(s.status) && !agentReady(prev.status)) void flushQueue();
  });
}

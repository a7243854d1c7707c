import { conversationsContract } from "../../src-shared/contracts";
import { newId } from "../../src-shared/ids";
import { isApiError } from "../api/api-error";
import { getApi } from "./api-holder";
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

function toInline(e: unknown): InlineError {
  if (isApiError(e)) {
    if (e.status === 401) setTokenPrompt(true);
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
  const ready = agentReady(useStatusStore.getState().status);
  if (!convId) {
    try {
      convId = await newConversation(trimmed.slice(0, 60));
    } catch (e) {
      // The server is not answering yet: keep the text in a local draft conversation and queue it.
      if (ready) throw e;
      convId = `draft:${clientMessageId}`;
      useChatStore.setState({ activeId: convId });
    }
  }
  applyChat(chatReducers.addLocalUser, convId, clientMessageId, trimmed, !ready);
  if (!ready) {
    applyChat(chatReducers.enqueue, { conversationId: convId, clientMessageId, text: trimmed });
    return;
  }
  await deliver(convId, clientMessageId, trimmed);
}

/** Streams one reply into the store. Never throws: failures become an inline error with Retry. */
export async function deliver(convId: string, clientMessageId: string, text: string): Promise<void> {
  applyChat(chatReducers.markSending, convId, clientMessageId);
  try {
    let finished = false;
    for await (const ev of getApi().stream(conversationsContract.routes.send, {
      params: { id: convId },
      body: { text, clientMessageId },
    })) {
      if (ev.type === "user_message") applyChat(chatReducers.confirmUser, { ...ev.message, clientMessageId });
      else if (ev.type === "token") {
        applyChat(chatReducers.appendDelta, convId, clientMessageId, ev.delta);
        emitAvatar({ kind: "delta", text: ev.delta });
      } else if (ev.type === "done") {
        finished = true;
        applyChat(chatReducers.finishReply, convId, clientMessageId, ev.reply);
        for (const l of replyListeners) l(ev.reply.text);
      } else if (ev.type === "error") {
        finished = true;
        applyChat(chatReducers.failReply, convId, clientMessageId, ev.error);
      }
    }
    if (!finished) {
      applyChat(chatReducers.failReply, convId, clientMessageId, {
        code: "stream_ended",
        message: "The reply stream ended early.",
        fix: "Retry; if it keeps happening, check the Logs tab.",
      });
    }
  } catch (e) {
    applyChat(chatReducers.failReply, convId, clientMessageId, toInline(e));
  }
}

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
      await deliver(convId, next.clientMessageId, next.text);
    }
  } finally {
    flushing = false;
  }
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

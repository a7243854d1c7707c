import { create } from "zustand";
import type { ChatMessage, Conversation } from "../../src-shared/protocol/conversations";

export interface InlineError {
  code: string;
  message: string;
  fix?: string;
}

/**
 * A message as the dashboard shows it: a server message, or a local one that
 * is queued / sending / streaming / failed. Local messages carry the
 * clientMessageId the server echoes back, which is how they are matched.
 */
export interface UiMessage extends ChatMessage {
  pending?: "queued" | "sending" | "streaming";
  error?: InlineError;
}

export interface QueuedSend {
  conversationId: string;
  clientMessageId: string;
  text: string;
}

export interface ChatState {
  conversations: Conversation[];
  activeId: string | null;
  messages: Record<string, UiMessage[]>;
  /** Messages typed while the agent was not running, oldest first. */
  queue: QueuedSend[];
  historyLoading: Record<string, boolean>;
  /**
   * Conversations deleted while this page is open. A /ws update, a replayed event or a
   * list fetched before the delete must not bring one back.
   */
  deletedIds: Record<string, true>;
}

const streamId = (clientMessageId: string) => `stream:${clientMessageId}`;

/** What an interrupted message says (the server marks user messages whose reply was never stored). */
export const INTERRUPTED: InlineError = {
  code: "interrupted",
  message: "No reply: the agent stopped before it answered.",
  fix: "Retry sends it again (it is not stored twice).",
};

const withInterruption = (m: ChatMessage): UiMessage => (m.interrupted ? { ...m, error: INTERRUPTED } : m);
const localId = (clientMessageId: string) => `local:${clientMessageId}`;

const byUpdated = (a: Conversation, b: Conversation) => b.updatedAt - a.updatedAt;

function withMessages(s: ChatState, convId: string, fn: (list: UiMessage[]) => UiMessage[]): Partial<ChatState> {
  if (s.deletedIds[convId]) return {};
  return { messages: { ...s.messages, [convId]: fn(s.messages[convId] ?? []) } };
}

/** Inserts or replaces by id, keeping local (pending) bubbles after server messages in time order. */
function upsertMessage(list: UiMessage[], msg: UiMessage): UiMessage[] {
  const i = list.findIndex((m) => m.id === msg.id);
  if (i >= 0) return list.map((m, j) => (j === i ? msg : m));
  return [...list, msg];
}

/** A reply sits right after the user message it answers, even when later messages are queued behind it. */
function insertAfterUser(list: UiMessage[], clientMessageId: string, reply: UiMessage): UiMessage[] {
  const at = list.findIndex((m) => m.role === "user" && m.clientMessageId === clientMessageId);
  if (at < 0) return [...list, reply];
  return [...list.slice(0, at + 1), reply, ...list.slice(at + 1)];
}

export const chatReducers = {
  setConversations: (s: ChatState, list: Conversation[]): Partial<ChatState> => ({
    conversations: list.filter((c) => !s.deletedIds[c.id]).sort(byUpdated),
  }),

  upsertConversation: (s: ChatState, c: Conversation): Partial<ChatState> =>
    s.deletedIds[c.id] ? {} : { conversations: [c, ...s.conversations.filter((x) => x.id !== c.id)].sort(byUpdated) },

  /** Gone from the list, its messages and queued sends dropped; the chat view clears if it was open. */
  removeConversation: (s: ChatState, id: string): Partial<ChatState> => {
    const { [id]: _messages, ...messages } = s.messages;
    const { [id]: _loading, ...historyLoading } = s.historyLoading;
    return {
      conversations: s.conversations.filter((c) => c.id !== id),
      messages,
      historyLoading,
      queue: s.queue.filter((q) => q.conversationId !== id),
      activeId: s.activeId === id ? null : s.activeId,
      deletedIds: { ...s.deletedIds, [id]: true },
    };
  },

  /** History from the server replaces server messages but keeps local bubbles it does not yet contain. */
  setHistory: (s: ChatState, convId: string, history: ChatMessage[]): Partial<ChatState> => {
    const serverIds = new Set(history.map((m) => m.id));
    const echoed = new Set(history.map((m) => m.clientMessageId).filter(Boolean));
    const local = (s.messages[convId] ?? []).filter((m) => {
      if (serverIds.has(m.id)) return false;
      const isLocal = m.id.startsWith("local:") || m.id.startsWith("stream:");
      if (!isLocal) return false;
      // A local user bubble the server already has is dropped; a streaming reply stays until done.
      return !(m.role === "user" && m.clientMessageId && echoed.has(m.clientMessageId));
    });
    return { messages: { ...s.messages, [convId]: [...history.map(withInterruption), ...local] } };
  },

  addLocalUser: (
    s: ChatState,
    convId: string,
    clientMessageId: string,
    text: string,
    queued: boolean,
  ): Partial<ChatState> =>
    withMessages(s, convId, (list) => [
      ...list,
      {
        id: localId(clientMessageId),
        conversationId: convId,
        role: "user",
        text,
        createdAt: Date.now(),
        clientMessageId,
        pending: queued ? "queued" : "sending",
      },
    ]),

  markSending: (s: ChatState, convId: string, clientMessageId: string): Partial<ChatState> =>
    withMessages(s, convId, (list) =>
      list
        .filter((m) => m.id !== streamId(clientMessageId))
        .map((m) =>
          m.clientMessageId === clientMessageId && m.role === "user"
            ? { ...m, pending: m.id.startsWith("local:") ? "sending" : undefined, error: undefined }
            : m,
        ),
    ),

  /** The server's copy of the user message replaces the optimistic bubble (matched by clientMessageId). */
  confirmUser: (s: ChatState, msg: ChatMessage): Partial<ChatState> =>
    withMessages(s, msg.conversationId, (list) => {
      const rest = list.filter(
        (m) =>
          !(m.role === "user" && msg.clientMessageId && m.clientMessageId === msg.clientMessageId) && m.id !== msg.id,
      );
      const at = list.findIndex(
        (m) => m.role === "user" && msg.clientMessageId && m.clientMessageId === msg.clientMessageId,
      );
      if (at < 0) return [...rest, msg];
      const out = [...rest];
      out.splice(Math.min(at, out.length), 0, msg);
      return out;
    }),

  appendDelta: (s: ChatState, convId: string, clientMessageId: string, delta: string): Partial<ChatState> =>
    withMessages(s, convId, (list) => {
      const id = streamId(clientMessageId);
      const cur = list.find((m) => m.id === id);
      if (!cur) {
        // A reply that already arrived in full (via /ws) must not be reopened by a late delta.
        if (list.some((m) => m.role === "agent" && m.clientMessageId === clientMessageId && !m.pending)) return list;
        return insertAfterUser(list, clientMessageId, {
          id,
          conversationId: convId,
          role: "agent",
          text: delta,
          createdAt: Date.now(),
          clientMessageId,
          pending: "streaming",
        });
      }
      return list.map((m) => (m.id === id ? { ...m, text: m.text + delta } : m));
    }),

  /** The final reply replaces the streaming bubble; a copy that arrived first over /ws is not duplicated. */
  finishReply: (s: ChatState, convId: string, clientMessageId: string, reply: ChatMessage): Partial<ChatState> =>
    withMessages(s, convId, (list) => {
      const sid = streamId(clientMessageId);
      const final: UiMessage = { ...reply, clientMessageId: reply.clientMessageId ?? clientMessageId };
      const at = list.findIndex((m) => m.id === sid);
      const rest = list.filter((m) => m.id !== sid && m.id !== reply.id);
      if (at < 0) return insertAfterUser(rest, clientMessageId, final);
      const out = [...rest];
      out.splice(Math.min(at, out.length), 0, final);
      return out;
    }),

  failReply: (s: ChatState, convId: string, clientMessageId: string, error: InlineError): Partial<ChatState> =>
    withMessages(s, convId, (list) => {
      // Keep partial streamed text visible but stop the caret; the error sits on the user bubble with Retry.
      const out = list
        .filter((m) => !(m.id === streamId(clientMessageId) && m.text === ""))
        .map((m) => (m.id === streamId(clientMessageId) ? { ...m, pending: undefined } : m));
      const userIdx = out.findIndex((m) => m.role === "user" && m.clientMessageId === clientMessageId);
      if (userIdx < 0) return out;
      return out.map((m, i) => (i === userIdx ? { ...m, pending: undefined, error } : m));
    }),

  /** A conversation_update from /ws: the message may be ours (echo), a reply we are streaming, or from another tab. */
  applyUpdate: (s: ChatState, conversation: Conversation, message?: ChatMessage): Partial<ChatState> => {
    if (s.deletedIds[conversation.id]) return {};
    const next: Partial<ChatState> = chatReducers.upsertConversation(s, conversation);
    if (!message || !s.messages[conversation.id]) return next;
    const list = s.messages[conversation.id];
    if (list.some((m) => m.id === message.id)) return next;
    if (
      message.role === "user" &&
      message.clientMessageId &&
      list.some((m) => m.clientMessageId === message.clientMessageId && m.role === "user")
    ) {
      return { ...next, ...chatReducers.confirmUser(s, message) };
    }
    if (message.role === "agent") {
      const streaming = list.find(
        (m) => m.pending === "streaming" && (!message.clientMessageId || m.clientMessageId === message.clientMessageId),
      );
      if (streaming?.clientMessageId)
        return { ...next, ...chatReducers.finishReply(s, conversation.id, streaming.clientMessageId, message) };
    }
    return { ...next, messages: { ...s.messages, [conversation.id]: upsertMessage(list, message) } };
  },

  /** Back in the queue (the agent went away before answering): the bubble says queued again. */
  requeue: (s: ChatState, q: QueuedSend): Partial<ChatState> => ({
    ...withMessages(s, q.conversationId, (list) =>
      list
        .filter((m) => !(m.id === streamId(q.clientMessageId) && m.text === ""))
        .map((m) =>
          m.role === "user" && m.clientMessageId === q.clientMessageId
            ? { ...m, pending: "queued" as const, error: undefined }
            : m,
        ),
    ),
    queue: [...s.queue.filter((x) => x.clientMessageId !== q.clientMessageId), q],
  }),

  enqueue: (s: ChatState, q: QueuedSend): Partial<ChatState> => ({ queue: [...s.queue, q] }),
  dequeue: (s: ChatState, clientMessageId: string): Partial<ChatState> => ({
    queue: s.queue.filter((q) => q.clientMessageId !== clientMessageId),
  }),
};

export const initialChatState = (): ChatState => ({
  conversations: [],
  activeId: null,
  messages: {},
  queue: [],
  historyLoading: {},
  deletedIds: {},
});

export const useChatStore = create<ChatState>(() => initialChatState());

/** Applies a reducer to the chat store: `applyChat(chatReducers.appendDelta, id, cmid, "hi")`. */
export function applyChat<A extends unknown[]>(fn: (s: ChatState, ...args: A) => Partial<ChatState>, ...args: A): void {
  useChatStore.setState((s) => fn(s, ...args));
}

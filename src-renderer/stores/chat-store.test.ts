import { beforeEach, describe, expect, test } from "bun:test";
import { msg } from "../testing/fixtures";
import { applyChat, chatReducers, initialChatState, useChatStore } from "./chat-store";

const conv = { id: "c1", title: "t", createdAt: 1, updatedAt: 1 };
const list = () => useChatStore.getState().messages.c1 ?? [];

beforeEach(() => useChatStore.setState(initialChatState()));

describe("chat store reducers", () => {
  test("optimistic bubble is replaced by the server copy matched by clientMessageId", () => {
    applyChat(chatReducers.addLocalUser, "c1", "k1", "hello", false);
    expect(list()[0]).toMatchObject({ id: "local:k1", pending: "sending" });
    applyChat(chatReducers.confirmUser, msg({ id: "u1", text: "hello", clientMessageId: "k1" }));
    expect(list()).toHaveLength(1);
    expect(list()[0]).toMatchObject({ id: "u1", text: "hello" });
    expect(list()[0].pending).toBeUndefined();
  });

  test("streamed deltas append into one bubble; done replaces it in place", () => {
    applyChat(chatReducers.addLocalUser, "c1", "k1", "q", false);
    for (const d of ["Hel", "lo", " there"]) applyChat(chatReducers.appendDelta, "c1", "k1", d);
    expect(list()[1]).toMatchObject({ role: "agent", text: "Hello there", pending: "streaming" });
    applyChat(chatReducers.finishReply, "c1", "k1", msg({ id: "a1", role: "agent", text: "Hello there" }));
    expect(list().map((m) => m.id)).toEqual(["local:k1", "a1"]);
  });

  test("a reply that arrives over /ws first is not duplicated by the SSE done, and late deltas are ignored", () => {
    useChatStore.setState({ messages: { c1: [] } });
    applyChat(chatReducers.addLocalUser, "c1", "k1", "q", false);
    applyChat(chatReducers.appendDelta, "c1", "k1", "Hi");
    applyChat(chatReducers.applyUpdate, conv, msg({ id: "a1", role: "agent", text: "Hi!", clientMessageId: "k1" }));
    expect(list().filter((m) => m.role === "agent")).toHaveLength(1);
    applyChat(chatReducers.appendDelta, "c1", "k1", "late");
    applyChat(chatReducers.finishReply, "c1", "k1", msg({ id: "a1", role: "agent", text: "Hi!" }));
    expect(
      list()
        .filter((m) => m.role === "agent")
        .map((m) => m.text),
    ).toEqual(["Hi!"]);
  });

  test("failure keeps partial text, stops the caret and puts the error on the user bubble", () => {
    applyChat(chatReducers.addLocalUser, "c1", "k1", "q", false);
    applyChat(chatReducers.appendDelta, "c1", "k1", "par");
    applyChat(chatReducers.failReply, "c1", "k1", { code: "model_error", message: "boom", fix: "retry" });
    expect(list()[0].error?.code).toBe("model_error");
    expect(list()[1]).toMatchObject({ text: "par" });
    expect(list()[1].pending).toBeUndefined();
    applyChat(chatReducers.markSending, "c1", "k1");
    expect(list()).toHaveLength(1);
    expect(list()[0]).toMatchObject({ pending: "sending" });
    expect(list()[0].error).toBeUndefined();
  });

  test("history replaces server messages but keeps unsent local bubbles", () => {
    applyChat(chatReducers.addLocalUser, "c1", "k1", "sent", false);
    applyChat(chatReducers.addLocalUser, "c1", "k2", "queued", true);
    applyChat(chatReducers.setHistory, "c1", [msg({ id: "u1", text: "sent", clientMessageId: "k1" })]);
    expect(list().map((m) => m.id)).toEqual(["u1", "local:k2"]);
    expect(list()[1].pending).toBe("queued");
  });

  test("conversation updates from another tab append and re-sort the list", () => {
    applyChat(chatReducers.setConversations, [conv, { ...conv, id: "c2", updatedAt: 5 }]);
    expect(useChatStore.getState().conversations.map((c) => c.id)).toEqual(["c2", "c1"]);
    useChatStore.setState((s) => ({ messages: { ...s.messages, c1: [] } }));
    applyChat(chatReducers.applyUpdate, { ...conv, updatedAt: 9 }, msg({ id: "x" }));
    applyChat(chatReducers.applyUpdate, { ...conv, updatedAt: 9 }, msg({ id: "x" }));
    expect(useChatStore.getState().conversations[0].id).toBe("c1");
    expect(list()).toHaveLength(1);
  });

  test("a deleted conversation leaves the list, its messages and the chat view, and late updates do not bring it back", () => {
    applyChat(chatReducers.setConversations, [conv, { ...conv, id: "c2", updatedAt: 5 }]);
    useChatStore.setState({ activeId: "c1" });
    applyChat(chatReducers.addLocalUser, "c1", "k1", "hello", true);
    applyChat(chatReducers.enqueue, { conversationId: "c1", clientMessageId: "k1", text: "hello" });
    applyChat(chatReducers.removeConversation, "c1");
    const s = useChatStore.getState();
    expect(s.conversations.map((c) => c.id)).toEqual(["c2"]);
    expect(s.activeId).toBeNull();
    expect(s.messages.c1).toBeUndefined();
    expect(s.queue).toEqual([]);

    // An update replayed over /ws, a reply finishing late, a list fetched before the delete:
    const stillGone = () => {
      expect(useChatStore.getState().conversations.map((c) => c.id)).toEqual(["c2"]);
      expect(useChatStore.getState().messages.c1).toBeUndefined();
    };
    applyChat(chatReducers.applyUpdate, { ...conv, updatedAt: 99 }, msg({ id: "late", role: "agent" }));
    stillGone();
    applyChat(chatReducers.finishReply, "c1", "k1", msg({ id: "a1", role: "agent" }));
    stillGone();
    applyChat(chatReducers.upsertConversation, conv);
    stillGone();
    applyChat(chatReducers.setConversations, [conv, { ...conv, id: "c2", updatedAt: 5 }]);
    stillGone();
  });

  test("queue keeps order and dequeues by clientMessageId", () => {
    applyChat(chatReducers.enqueue, { conversationId: "c1", clientMessageId: "a", text: "1" });
    applyChat(chatReducers.enqueue, { conversationId: "c1", clientMessageId: "b", text: "2" });
    applyChat(chatReducers.dequeue, "a");
    expect(useChatStore.getState().queue.map((q) => q.text)).toEqual(["2"]);
  });
});

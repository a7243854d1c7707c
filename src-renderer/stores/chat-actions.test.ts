import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { conversationsContract } from "../../src-shared/contracts";
import { createApiClient } from "../api/client";
import { envelope, msg, statusFixture } from "../testing/fixtures";
import { sse, startScriptedServer, wireError } from "../testing/scripted-server";
import { setApi } from "./api-holder";
import { retry, sendMessage, startQueueFlusher } from "./chat-actions";
import { applyChat, chatReducers, initialChatState, useChatStore } from "./chat-store";
import { handleServerEvent } from "./session";
import { applyStatusEvent, useStatusStore } from "./status-store";

const srv = startScriptedServer();
afterAll(() => srv.stop());
setApi(createApiClient({ baseUrl: srv.url, getToken: () => null }));

// A hang bound: a loaded machine is slow, not wrong.
async function until(cond: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out");
    await Bun.sleep(5);
  }
}

let sends = 0;
let fail = false;
/** The next N sends answer as an agent that is restarting would. */
let away = 0;
srv.on(conversationsContract.routes.create, () => ({
  conversation: { id: "c1", title: "hi", createdAt: 1, updatedAt: 1 },
}));
srv.on(conversationsContract.routes.send, async (req) => {
  sends++;
  const body = (await req.json()) as { text: string; clientMessageId: string };
  if (fail) return wireError("model_error", "model crashed", 502, "Restart the agent");
  if (away > 0) {
    away--;
    return wireError(
      "agent_not_running",
      "The agent is restarting.",
      503,
      "Start the agent and send the message again.",
    );
  }
  return sse([
    { type: "user_message", message: msg({ id: `u${sends}`, text: body.text, clientMessageId: body.clientMessageId }) },
    { type: "token", delta: "echo: " },
    { type: "token", delta: body.text },
    { type: "done", reply: msg({ id: `a${sends}`, role: "agent", text: `echo: ${body.text}` }) },
  ]);
});

const msgs = () => useChatStore.getState().messages.c1 ?? [];

beforeEach(() => {
  useChatStore.setState(initialChatState());
  sends = 0;
  fail = false;
  away = 0;
});

describe("chat actions against a scripted server", () => {
  test("when running, a message streams into a reply", async () => {
    applyStatusEvent(statusFixture({ state: "running" }), 100);
    await sendMessage("hello");
    expect(msgs().map((m) => [m.role, m.text, m.pending])).toEqual([
      ["user", "hello", undefined],
      ["agent", "echo: hello", undefined],
    ]);
  });

  test("while starting, messages queue and send in order once status becomes running", async () => {
    const stop = startQueueFlusher();
    useStatusStore.setState({ status: statusFixture({ state: "starting", canReply: false }), seq: 1, runId: "run-1" });
    await sendMessage("first");
    await sendMessage("second");
    expect(sends).toBe(0);
    expect(msgs().map((m) => m.pending)).toEqual(["queued", "queued"]);
    handleServerEvent(envelope("status", statusFixture({ state: "running" }), { seq: 2 }) as never);
    await until(() => msgs().length === 4 && msgs().every((m) => !m.pending));
    expect(msgs().map((m) => m.text)).toEqual(["first", "echo: first", "second", "echo: second"]);
    stop();
  });

  test("a message sent while the status turns running during its first round trip is not left queued", async () => {
    // The interleaving that hurried users hit: no conversation yet, the agent still starting,
    // the status turns running while the conversation is being created.
    const stop = startQueueFlusher();
    useStatusStore.setState({ status: statusFixture({ state: "starting", canReply: false }), seq: 1, runId: "run-1" });
    let releaseCreate: () => void = () => {};
    const created = new Promise<void>((r) => {
      releaseCreate = r;
    });
    let createAsked = false;
    srv.on(conversationsContract.routes.create, async () => {
      createAsked = true;
      await created;
      return { conversation: { id: "c1", title: "hi", createdAt: 1, updatedAt: 1 } };
    });
    const sending = sendMessage("hurry");
    await until(() => createAsked); // the create request is in flight
    handleServerEvent(envelope("status", statusFixture({ state: "running" }), { seq: 2 }) as never);
    releaseCreate();
    await sending;
    await until(() => msgs().length === 2 && msgs().every((m) => !m.pending));
    expect(msgs().map((m) => m.text)).toEqual(["hurry", "echo: hurry"]);
    srv.on(conversationsContract.routes.create, () => ({
      conversation: { id: "c1", title: "hi", createdAt: 1, updatedAt: 1 },
    }));
    stop();
  });

  test("an agent that goes away before answering puts the message back in the queue; it is answered when it returns", async () => {
    const stop = startQueueFlusher();
    applyStatusEvent(statusFixture({ state: "running" }), 300);
    away = 1;
    await sendMessage("during a restart");
    expect(msgs()[0]).toMatchObject({ text: "during a restart", pending: "queued" });
    expect(msgs()[0].error).toBeUndefined();
    // The status catches up: restarting, then running again.
    handleServerEvent(envelope("status", statusFixture({ state: "restarting" }), { seq: 301 }) as never);
    handleServerEvent(envelope("status", statusFixture({ state: "running" }), { seq: 302 }) as never);
    await until(() => msgs().length === 2 && msgs().every((m) => !m.pending));
    expect(msgs().map((m) => m.text)).toEqual(["during a restart", "echo: during a restart"]);
    expect(sends).toBe(2);
    stop();
  });

  test("a message the server marks interrupted offers Retry, which resends it under its own clientMessageId", async () => {
    applyStatusEvent(statusFixture({ state: "running" }), 400);
    applyChat(chatReducers.setHistory, "c1", [
      {
        id: "u9",
        conversationId: "c1",
        role: "user",
        text: "cut off",
        createdAt: 1,
        clientMessageId: "k9",
        interrupted: true,
      },
    ]);
    expect(msgs()[0].error?.code).toBe("interrupted");
    const before = sends;
    await retry("c1", "k9");
    expect(sends).toBe(before + 1);
    const sent = srv.requests.filter((r) => r.method === "POST" && r.path === "/api/conversations/c1/messages").at(-1);
    expect(sent?.body).toMatchObject({ text: "cut off", clientMessageId: "k9" });
    expect(msgs().map((m) => [m.text, m.error?.code])).toEqual([
      ["cut off", undefined],
      ["echo: cut off", undefined],
    ]);
  });

  test("an error shows inline and Retry sends the same text again", async () => {
    applyStatusEvent(statusFixture({ state: "running" }), 200);
    fail = true;
    await sendMessage("try");
    expect(msgs()[0].error).toMatchObject({ code: "model_error", fix: "Restart the agent" });
    fail = false;
    await retry("c1", msgs()[0].clientMessageId!);
    expect(msgs().map((m) => m.text)).toEqual(["try", "echo: try"]);
    expect(msgs()[0].error).toBeUndefined();
  });
});

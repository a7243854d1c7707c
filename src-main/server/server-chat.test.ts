import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  chatStreamEventSchema,
  conversationSchema,
  errorBodySchema,
  type LogLine,
  logLineSchema,
  MiladyError,
  sendMessageResponseSchema,
} from "../../src-shared/protocol";
import { createLogger, LogHub } from "../logging";
import { connectWs, readSse, startTestServer, type TestServer, until } from "./testing/test-server";

let t: TestServer;
let conversationId: string;
beforeAll(async () => {
  t = await startTestServer({ logs: new LogHub("debug") });
});
afterAll(() => t.close());

const post = (body: unknown, accept = "application/json"): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json", accept },
  body: JSON.stringify(body),
});

describe("conversations", () => {
  test("POST creates (201), GET lists", async () => {
    const created = await t.api("/api/conversations", post({ title: "Plans" }));
    expect(created.status).toBe(201);
    const { conversation } = (await created.json()) as { conversation: unknown };
    conversationId = conversationSchema.parse(conversation).id;
    const list = (await (await t.api("/api/conversations")).json()) as { conversations: { id: string }[] };
    expect(list.conversations.map((c) => c.id)).toContain(conversationId);
  });

  test("POST messages (JSON) waits for the reply", async () => {
    const response = await t.api(
      `/api/conversations/${conversationId}/messages`,
      post({ text: "hello there", clientMessageId: "c-1" }),
    );
    expect(response.status).toBe(200);
    const body = sendMessageResponseSchema.parse(await response.json());
    expect(body.reply.text).toBe("You said: hello there");
    expect(body.userMessage.clientMessageId).toBe("c-1");
  });

  test("GET messages pages with limit and before; bad limit -> 400", async () => {
    const all = (await (await t.api(`/api/conversations/${conversationId}/messages`)).json()) as {
      messages: { createdAt: number }[];
    };
    expect(all.messages.length).toBe(2);
    const one = (await (await t.api(`/api/conversations/${conversationId}/messages?limit=1`)).json()) as {
      messages: unknown[];
    };
    expect(one.messages.length).toBe(1);
    const before = (await (await t.api(`/api/conversations/${conversationId}/messages?before=1`)).json()) as {
      messages: unknown[];
    };
    expect(before.messages.length).toBe(0);
    expect((await t.api(`/api/conversations/${conversationId}/messages?limit=0`)).status).toBe(400);
    expect((await t.api(`/api/conversations/${conversationId}/messages?before=soon`)).status).toBe(400);
  });

  test("an empty message -> 400 validation_failed", async () => {
    const response = await t.api(`/api/conversations/${conversationId}/messages`, post({ text: "   " }));
    expect(response.status).toBe(400);
  });

  test("SSE: user_message, tokens in order, then done", async () => {
    t.agent.tokenDelayMs = 5;
    const response = await t.api(
      `/api/conversations/${conversationId}/messages`,
      post({ text: "stream me please", clientMessageId: "c-2" }, "text/event-stream"),
    );
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const events = (await readSse(response)).map((e) => chatStreamEventSchema.parse(e));
    expect(events[0]).toMatchObject({ type: "user_message", message: { role: "user", clientMessageId: "c-2" } });
    const tokens = events.filter((e) => e.type === "token").map((e) => (e.type === "token" ? e.delta : ""));
    expect(tokens.join("")).toBe("You said: stream me please");
    expect(tokens.length).toBe(5);
    expect(events.at(-1)).toMatchObject({ type: "done", reply: { text: "You said: stream me please" } });
    expect(events.filter((e) => e.type === "user_message").length).toBe(1);
  });

  test("SSE: an agent error ends the stream with an error event", async () => {
    t.agent.failNext = new MiladyError("no_model", "no model is configured", "run milady setup");
    const response = await t.api(
      `/api/conversations/${conversationId}/messages`,
      post({ text: "hi" }, "text/event-stream"),
    );
    const events = (await readSse(response)).map((e) => chatStreamEventSchema.parse(e));
    expect(events.at(-1)).toEqual({
      type: "error",
      error: { code: "no_model", message: "no model is configured", fix: "run milady setup" },
    });
  });

  test("SSE: a client that disconnects mid-reply does not stop the turn; it is persisted", async () => {
    t.agent.tokenDelayMs = 20;
    t.agent.reply = () => "one two three four five six seven eight";
    const before = t.agent.messages.length;
    const response = await t.api(
      `/api/conversations/${conversationId}/messages`,
      post({ text: "bye" }, "text/event-stream"),
    );
    const got = await readSse(response, (e) => (e as { type: string }).type === "token");
    expect(got.length).toBe(2); // user_message + first token, then we hang up
    await until(() => t.agent.messages.length === before + 2, 10_000, "the turn to finish after the client hung up");
    expect(t.agent.messages.at(-1)?.text).toBe("one two three four five six seven eight");
    // and the watcher for this turn was removed
    expect(t.agent.events.listenerCount("conversations.conversation_update")).toBe(1); // the server's own bus forwarder
    t.agent.tokenDelayMs = 2;
  });
});

describe("rename and delete", () => {
  const patch = (body: unknown): RequestInit => ({
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const create = async (title: string) =>
    conversationSchema.parse(
      ((await (await t.api("/api/conversations", post({ title }))).json()) as { conversation: unknown }).conversation,
    );

  test("PATCH renames (title trimmed) and /ws tells other clients; an empty title -> 400; unknown id -> 404", async () => {
    const c = await create("Old name");
    const ws = await connectWs(t.url);
    try {
      const renamed = await t.api(`/api/conversations/${c.id}`, patch({ title: "  Road trip  " }));
      expect(renamed.status).toBe(200);
      const { conversation } = (await renamed.json()) as { conversation: { id: string; title: string } };
      expect(conversation).toMatchObject({ id: c.id, title: "Road trip" });
      const update = await ws.next((e) => e.type === "conversation_update" && e.payload.conversation.id === c.id);
      expect(update.payload).toMatchObject({ conversation: { title: "Road trip" } });
    } finally {
      ws.close();
    }
    const list = (await (await t.api("/api/conversations")).json()) as {
      conversations: { id: string; title: string }[];
    };
    expect(list.conversations.find((x) => x.id === c.id)?.title).toBe("Road trip");

    const empty = await t.api(`/api/conversations/${c.id}`, patch({ title: "   " }));
    expect(empty.status).toBe(400);
    expect(errorBodySchema.parse(await empty.json()).error.message).toContain("title");
    expect((await t.api("/api/conversations/nope", patch({ title: "x" }))).status).toBe(404);
  });

  test("DELETE removes the conversation and its messages, publishes conversation_deleted; again -> 404", async () => {
    const c = await create("Doomed");
    await t.api(`/api/conversations/${c.id}/messages`, post({ text: "remember me" }));
    expect(t.agent.messages.some((m) => m.conversationId === c.id)).toBe(true);
    const ws = await connectWs(t.url);
    try {
      const deleted = await t.api(`/api/conversations/${c.id}`, { method: "DELETE" });
      expect(deleted.status).toBe(200);
      expect(await deleted.json()).toEqual({ deleted: true });
      const event = await ws.next((e) => e.type === "conversation_deleted");
      expect(event.payload).toEqual({ conversationId: c.id });
    } finally {
      ws.close();
    }
    expect(t.agent.messages.some((m) => m.conversationId === c.id)).toBe(false);
    const list = (await (await t.api("/api/conversations")).json()) as { conversations: { id: string }[] };
    expect(list.conversations.map((x) => x.id)).not.toContain(c.id);
    const again = await t.api(`/api/conversations/${c.id}`, { method: "DELETE" });
    expect(again.status).toBe(404);
    expect(errorBodySchema.parse(await again.json()).error.code).toBe("not_found");
  });
});

describe("logs", () => {
  const log = () => createLogger(t.logs, "test");

  test("Accept: application/json answers recent lines once, with limit and level filter", async () => {
    log().info("info line");
    log().warn("warn line");
    log().debug("debug line");
    const all = (await (await t.api("/api/logs?limit=3", { headers: { accept: "application/json" } })).json()) as {
      lines: LogLine[];
    };
    expect(all.lines.map((l) => l.msg)).toEqual(["info line", "warn line", "debug line"]);
    const warn = (await (await t.api("/api/logs?level=warn", { headers: { accept: "application/json" } })).json()) as {
      lines: LogLine[];
    };
    expect(warn.lines.every((l) => l.level === "warn" || l.level === "error")).toBe(true);
    expect(warn.lines.map((l) => l.msg)).toContain("warn line");
    expect((await t.api("/api/logs?level=loud", { headers: { accept: "application/json" } })).status).toBe(400);
  });

  test("SSE tail: recent lines first, then live lines", async () => {
    log().info("before tail");
    const response = await t.api("/api/logs?limit=1&level=info");
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    setTimeout(() => {
      log().debug("filtered out");
      log().info("live line");
    }, 50);
    const lines = (await readSse(response, (l) => (l as LogLine).msg === "live line")).map((l) =>
      logLineSchema.parse(l),
    );
    expect(lines.map((l) => l.msg)).toEqual(["before tail", "live line"]);
  });
});

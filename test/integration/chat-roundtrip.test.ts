// The real main process, real Worker, real PGlite, real HTTP/SSE/WebSocket on
// loopback; the model is the scripted model (a named test double) for exact replies.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type MiladyProcess, postJson, readSse, removeDir, startMilady } from "../support/milady-process";
import { testDb } from "../support/test-database";

let milady: MiladyProcess;
let stateDir: string;

beforeAll(async () => {
  milady = await startMilady();
  stateDir = milady.stateDir;
});
afterAll(async () => {
  if (milady.proc.exitCode === null) await milady.stop();
  removeDir(stateDir);
});

describe("chat over HTTP, SSE and WebSocket", () => {
  let conversationId: string;

  test("health and status", async () => {
    const health = await milady.json("/api/health");
    expect(health.ok).toBe(true);
    expect(health.runId).toBe(milady.runId);
    const status = await milady.json("/api/status");
    expect(status.state).toBe("running");
    expect(status.canReply).toBe(true);
    expect(status.model.provider).toBe("scripted");
    expect(status.db.kind).toBe(testDb()); // MILADY_TEST_DB: the suite runs on both
    // PGlite: the folder in the state dir; PostgreSQL: the server's URL, its password masked.
    expect(status.db.location).toContain(testDb() === "pglite" ? stateDir : "postgres://postgres");
  });

  test("create a conversation and get a reply (JSON)", async () => {
    const { conversation } = await milady.json("/api/conversations", postJson({ title: "First" }));
    conversationId = conversation.id;
    const res = await milady.json(
      `/api/conversations/${conversationId}/messages`,
      postJson({ text: "hello there", clientMessageId: "c-1" }),
    );
    expect(res.userMessage.text).toBe("hello there");
    expect(res.userMessage.clientMessageId).toBe("c-1");
    expect(res.reply.role).toBe("agent");
    expect(res.reply.text).toBe("Echo: hello there");
  });

  test("the reply streams over SSE token by token", async () => {
    const res = await milady.api(
      `/api/conversations/${conversationId}/messages`,
      postJson({ text: "stream this please" }, { accept: "text/event-stream" }),
    );
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const events = await readSse(res);
    expect(events[0].type).toBe("user_message");
    const tokens = events.filter((e) => e.type === "token").map((e) => e.delta);
    expect(tokens.length).toBeGreaterThan(1);
    const done = events.at(-1);
    expect(done.type).toBe("done");
    expect(tokens.join("")).toBe(done.reply.text);
    expect(done.reply.text).toBe("Echo: stream this please");
  });

  test("the WebSocket gets conversation updates, emotes and token events in seq order", async () => {
    const ws = new WebSocket(`${milady.url.replace("http", "ws")}/ws`);
    const events: any[] = [];
    ws.onmessage = (e) => events.push(JSON.parse(String(e.data)));
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = reject;
    });
    await milady.json(`/api/conversations/${conversationId}/messages`, postJson({ text: "wave at me [emote wave]" }));
    ws.send(JSON.stringify({ type: "ping", id: "p1" }));
    const deadline = Date.now() + 30_000; // a hang bound: the pong comes right after
    while (!events.some((e) => e.type === "pong") && Date.now() < deadline) await Bun.sleep(20);
    ws.close();
    expect(events[0].type).toBe("status");
    for (const event of events) {
      expect(event.version).toBe(1);
      expect(event.runId).toBe(milady.runId);
    }
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const updates = events.filter((e) => e.type === "conversation_update");
    expect(updates.map((u) => u.payload.message?.role)).toEqual(["user", "agent"]);
    expect(
      events.some((e) => e.type === "agent_event" && e.payload.kind === "emote" && e.payload.emote === "wave"),
    ).toBe(true);
    expect(events.some((e) => e.type === "agent_event" && e.payload.kind === "token")).toBe(true);
    expect(events.some((e) => e.type === "pong" && e.payload.id === "p1")).toBe(true);
  });

  test("a reconnecting client replays what it missed by seq", async () => {
    const { seq, runId } = await milady.json("/api/status");
    await milady.json(`/api/conversations/${conversationId}/messages`, postJson({ text: "while you were away" }));
    const ws = new WebSocket(`${milady.url.replace("http", "ws")}/ws`);
    const events: any[] = [];
    ws.onmessage = (e) => events.push(JSON.parse(String(e.data)));
    await new Promise((resolve) => (ws.onopen = resolve));
    ws.send(JSON.stringify({ type: "replay", runId, sinceSeq: seq }));
    const deadline = Date.now() + 30_000; // a hang bound: the replay comes at once
    const missed = () => events.filter((e) => e.type === "conversation_update" && e.seq > seq);
    while (missed().length < 2 && Date.now() < deadline) await Bun.sleep(20);
    ws.close();
    expect(missed().map((e) => e.payload.message?.text)).toContain("while you were away");
  });

  test("history is listed in order", async () => {
    const { messages } = await milady.json(`/api/conversations/${conversationId}/messages?limit=100`);
    const texts = messages.map((m: any) => m.text);
    expect(texts.slice(0, 4)).toEqual([
      "hello there",
      "Echo: hello there",
      "stream this please",
      "Echo: stream this please",
    ]);
    const { conversations } = await milady.json("/api/conversations");
    expect(conversations.map((c: any) => c.id)).toContain(conversationId);
  });

  test("graceful SIGTERM (exit 0, not a forced kill), and the history survives a restart", async () => {
    const started = Date.now();
    const code = await milady.stop();
    expect(code).toBe(0);
    // A hang bound, not a speed target: the bench times the stop.
    expect(Date.now() - started).toBeLessThan(30_000);
    milady = await startMilady({ stateDir });
    const { messages } = await milady.json(`/api/conversations/${conversationId}/messages?limit=100`);
    expect(messages.map((m: any) => m.text)).toContain("Echo: while you were away");
    expect(messages.length).toBe(8);
  });
});

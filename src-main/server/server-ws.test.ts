import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { agentContract, conversationsContract, modelsContract } from "../../src-shared/contracts";
import { STATUS_HEARTBEAT_MS, serverEventSchema } from "../../src-shared/protocol";
import { createLogger } from "../logging";
import { WS_PROTOCOL } from "./auth";
import { connectWs, startTestServer, TEST_TOKEN, type TestServer } from "./testing/test-server";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ logLevel: "info", heartbeatMs: 150 });
});
afterAll(() => t.close());

const progress = (n: number) => ({ uri: "hf:a/b/c.gguf", file: "c.gguf", receivedBytes: n, done: false });

describe("/ws", () => {
  test("sends the current status on connect, echoes milady.v1, every event matches the envelope", async () => {
    const client = await connectWs(t.url);
    expect(client.protocol).toBe(WS_PROTOCOL);
    const first = serverEventSchema.parse(await client.next());
    expect(first).toMatchObject({ type: "status", version: 1, runId: t.server.runId, seq: t.server.events.seq });
    client.close();
  });

  test("agent events become sequenced envelopes, seq +1 each", async () => {
    const client = await connectWs(t.url);
    await client.next((e) => e.type === "status");
    const start = t.server.events.seq;
    t.agent.emitEvent(modelsContract, "model_progress", progress(1));
    t.agent.emitEvent(agentContract, "agent_event", { roomId: "room-1", payload: { kind: "emote", emote: "wave" } });
    t.agent.events.emitStatus(t.agent.status());
    const a = await client.next((e) => e.type === "model_progress");
    const b = await client.next((e) => e.type === "agent_event");
    const c = await client.next((e) => e.type === "status" && e.seq > start);
    expect([a.seq, b.seq, c.seq]).toEqual([start + 1, start + 2, start + 3]);
    expect(b.roomId).toBe("room-1");
    for (const e of [a, b, c]) serverEventSchema.parse(e);
    client.close();
  });

  test("token deltas are broadcast but not sequenced or replayed", async () => {
    const client = await connectWs(t.url);
    await client.next((e) => e.type === "status");
    const seq = t.server.events.seq;
    t.agent.emitEvent(conversationsContract, "token", { requestId: "r", delta: "hi" });
    const token = await client.next((e) => e.type === "agent_event");
    expect(token.seq).toBe(seq);
    expect(t.server.events.seq).toBe(seq);
    client.close();
  });

  test("ping -> pong with the same id", async () => {
    const client = await connectWs(t.url);
    client.send({ type: "ping", id: "p1" });
    const pong = await client.next((e) => e.type === "pong");
    expect(pong.payload).toEqual({ id: "p1" });
    client.close();
  });

  test("replay message returns missed events; wrong runId or evicted seq -> replay_gap", async () => {
    const since = t.server.events.seq;
    t.agent.emitEvent(modelsContract, "model_progress", progress(10));
    t.agent.emitEvent(modelsContract, "model_progress", progress(11));
    const client = await connectWs(t.url);
    await client.next((e) => e.type === "status");
    client.send({ type: "replay", runId: t.server.runId, sinceSeq: since });
    const one = await client.next((e) => e.type === "model_progress");
    const two = await client.next((e) => e.type === "model_progress");
    expect([one.seq, two.seq]).toEqual([since + 1, since + 2]);
    client.send({ type: "replay", runId: "another-run", sinceSeq: 3 });
    const gap = await client.next((e) => e.type === "replay_gap");
    expect(gap.payload).toMatchObject({ fromSeq: 3 });
    client.close();
  });

  test("?since=&runId= on the connect URL replays before the status", async () => {
    const since = t.server.events.seq;
    t.agent.emitEvent(modelsContract, "model_progress", progress(20));
    const client = await connectWs(t.url, { query: `since=${since}&runId=${t.server.runId}` });
    const first = await client.next();
    const second = await client.next();
    expect(first).toMatchObject({ type: "model_progress", seq: since + 1 });
    expect(second.type).toBe("status");
    client.close();
  });

  test("evicted seqs give replay_gap with the oldest available seq", async () => {
    // Push more than the ring holds (1000).
    for (let i = 0; i < 1005; i++) t.server.events.publish("model_progress", progress(i));
    const client = await connectWs(t.url, { query: `since=1&runId=${t.server.runId}` });
    const gap = await client.next((e) => e.type === "replay_gap");
    expect(gap.payload).toEqual({ fromSeq: 1, oldestAvailable: t.server.events.seq - 999 });
    client.close();
  });

  test("log lines go only to clients that asked with ?logs=1", async () => {
    const quiet = await connectWs(t.url);
    const loud = await connectWs(t.url, { query: "logs=1" });
    await quiet.next((e) => e.type === "status");
    await loud.next((e) => e.type === "status");
    createLogger(t.logs, "test").info("hello log");
    const line = await loud.next((e) => e.type === "log");
    expect(line.payload).toMatchObject({ msg: "hello log", source: "test" });
    t.agent.emitEvent(modelsContract, "model_progress", progress(99)); // a later event proves the quiet client's stream moved past the log
    await quiet.next((e) => e.type === "model_progress");
    expect(quiet.events.some((e) => e.type === "log")).toBe(false);
    quiet.close();
    loud.close();
  });

  test("a status heartbeat arrives periodically (STATUS_HEARTBEAT_MS in production, 150 ms here)", async () => {
    const client = await connectWs(t.url);
    await client.next((e) => e.type === "status");
    const seq = t.server.events.seq;
    // A hang bound: the 150 ms beat comes late on a loaded machine, but comes without a seq.
    const beat = await client.next((e) => e.type === "status", 10_000);
    expect(beat.type === "status" && beat.payload.state).toBe("running");
    expect(beat.seq).toBe(seq); // heartbeats do not take a seq
    expect(STATUS_HEARTBEAT_MS).toBe(5000);
    client.close();
  });
});

describe("/ws auth", () => {
  test("no token -> refused; query token and bearer subprotocol -> accepted", async () => {
    await expect(connectWs(t.url, { token: false })).rejects.toThrow();
    const viaQuery = await connectWs(t.url, { token: false, query: `token=${TEST_TOKEN}` });
    viaQuery.close();
    const viaProtocol = await connectWs(t.url);
    viaProtocol.close();
    await expect(connectWs(t.url, { token: "wrong" })).rejects.toThrow();
  });

  test("an upgrade without a token answers 401 unauthorized", async () => {
    const response = await fetch(`${t.url}/ws`, { headers: { upgrade: "websocket", connection: "Upgrade" } });
    expect(response.status).toBe(401);
  });
});

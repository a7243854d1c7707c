import { describe, expect, test } from "bun:test";
import { serverEventSchema } from "../../src-shared/protocol";
import { EventBus } from "./event-bus";

const progress = (n: number) => ({ uri: "hf:a/b/c.gguf", file: "c.gguf", receivedBytes: n, done: false });

describe("EventBus", () => {
  test("sequenced events use the envelope, seq grows by one, runId is the bus's", () => {
    const bus = new EventBus("run-1");
    const a = bus.publish("model_progress", progress(1));
    const b = bus.publish("agent_event", { kind: "emote", emote: "wave" }, { roomId: "r1" });
    expect(serverEventSchema.parse(a)).toMatchObject({ type: "model_progress", version: 1, seq: 1, runId: "run-1" });
    expect(serverEventSchema.parse(b)).toMatchObject({ seq: 2, roomId: "r1" });
    expect(a.eventId).not.toBe(b.eventId);
    expect(bus.seq).toBe(2);
  });

  test("ephemeral events carry the current seq, do not advance it and are never replayed", () => {
    const bus = new EventBus("run-1");
    bus.publish("model_progress", progress(1));
    const pong = bus.ephemeral("pong", { id: "x" });
    const log = bus.broadcastEphemeral("log", { ts: 1, level: "info", source: "t", msg: "m" });
    expect(pong.seq).toBe(1);
    expect(log.seq).toBe(1);
    expect(bus.seq).toBe(1);
    expect(bus.since("run-1", 0)).toEqual({ kind: "events", events: [expect.objectContaining({ seq: 1 })] });
  });

  test("since() replays after a seq, and reports gaps for another run, evicted or future seqs", () => {
    const bus = new EventBus("run-1", 3);
    for (let i = 1; i <= 5; i++) bus.publish("model_progress", progress(i));
    // ring keeps 3..5
    const replay = bus.since("run-1", 3);
    expect(replay.kind === "events" && replay.events.map((e) => e.seq)).toEqual([4, 5]);
    expect(bus.since("run-1", 2)).toEqual({ kind: "events", events: expect.any(Array) });
    expect(bus.since("run-1", 1)).toEqual({ kind: "gap", fromSeq: 1, oldestAvailable: 3 });
    expect(bus.since("run-0", 4)).toEqual({ kind: "gap", fromSeq: 4, oldestAvailable: 3 });
    expect(bus.since("run-1", 9)).toEqual({ kind: "gap", fromSeq: 9, oldestAvailable: 3 });
    expect(bus.since("run-1", 5)).toEqual({ kind: "events", events: [] });
  });

  test("a throwing subscriber does not stop the others", () => {
    const bus = new EventBus();
    const seen: number[] = [];
    bus.subscribe(() => {
      throw new Error("boom");
    });
    bus.subscribe((e) => seen.push(e.seq));
    bus.publish("model_progress", progress(1));
    expect(seen).toEqual([1]);
  });
});

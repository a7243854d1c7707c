import { describe, expect, test } from "bun:test";
import type { IDatabaseAdapter } from "@elizaos/core";
import { cacheAdapterReads } from "./read-cache";

/** A stand-in adapter with plugin-sql's method names: it counts the queries that reach it. */
class CountingAdapter {
  queries = 0;
  rooms = new Map<string, { id: string; metadata: Record<string, unknown> }>([
    ["r1", { id: "r1", metadata: { n: 1 } }],
  ]);
  release: (() => void) | undefined;
  async getRoomsByIds(ids: string[]) {
    this.queries++;
    await this.withDatabase();
    return ids.map((id) => this.rooms.get(id)).filter(Boolean);
  }
  async updateRoom(room: { id: string; metadata: Record<string, unknown> }) {
    if (this.release === undefined) this.rooms.set(room.id, room);
    else await new Promise<void>((resolve) => (this.release = resolve)).then(() => this.rooms.set(room.id, room));
  }
  async log() {}
  memories: string[] = [];
  async getMemories() {
    this.queries++;
    return [...this.memories];
  }
  async createMemory(text: string) {
    this.memories.push(text);
  }
  /** Cascades in plugin-sql (participants, memories): every family is emptied. */
  async deleteRoom(id: string) {
    this.rooms.delete(id);
    this.memories = [];
  }
  /** A helper reads call: it must not count as a write. */
  async withDatabase() {}
}

const setup = (now = () => 0) => {
  const raw = new CountingAdapter();
  const cache = cacheAdapterReads(raw as unknown as IDatabaseAdapter, now);
  return { raw, adapter: raw as CountingAdapter, cache };
};

describe("cacheAdapterReads", () => {
  test("a repeated read is answered from the cache; identical reads in flight share one query", async () => {
    const { adapter, cache } = setup();
    await Promise.all([adapter.getRoomsByIds(["r1"]), adapter.getRoomsByIds(["r1"])]);
    await adapter.getRoomsByIds(["r1"]);
    await adapter.log();
    await adapter.getRoomsByIds(["r1"]);
    expect(adapter.queries).toBe(1);
    expect(cache.stats()).toEqual({ hits: 3, misses: 1 });
    await adapter.getRoomsByIds(["r2"]);
    expect(adapter.queries).toBe(2);
  });

  test("a write empties the cache, and the next read sees what was written", async () => {
    const { adapter } = setup();
    expect((await adapter.getRoomsByIds(["r1"]))[0]?.metadata).toEqual({ n: 1 });
    await adapter.updateRoom({ id: "r1", metadata: { n: 2 } });
    expect((await adapter.getRoomsByIds(["r1"]))[0]?.metadata).toEqual({ n: 2 });
    expect(adapter.queries).toBe(2);
  });

  test("a write empties only its family: a new message keeps the rooms, a room deletion empties everything", async () => {
    const { adapter } = setup();
    await adapter.getRoomsByIds(["r1"]);
    await adapter.getMemories();
    await adapter.createMemory("hello");
    expect(await adapter.getMemories()).toEqual(["hello"]);
    await adapter.getRoomsByIds(["r1"]);
    expect(adapter.queries).toBe(3);
    await adapter.deleteRoom("r1");
    expect(await adapter.getRoomsByIds(["r1"])).toEqual([]);
    expect(await adapter.getMemories()).toEqual([]);
    expect(adapter.queries).toBe(5);
  });

  test("a read that overlaps a write is not kept (it may hold the row from before the write)", async () => {
    const { adapter } = setup();
    adapter.release = () => undefined;
    const writing = adapter.updateRoom({ id: "r1", metadata: { n: 3 } });
    await Bun.sleep(0);
    expect((await adapter.getRoomsByIds(["r1"]))[0]?.metadata).toEqual({ n: 1 });
    adapter.release();
    await writing;
    expect((await adapter.getRoomsByIds(["r1"]))[0]?.metadata).toEqual({ n: 3 });
  });

  test("each caller gets its own copy: mutating one answer does not change the next", async () => {
    const { adapter } = setup();
    const [first] = await adapter.getRoomsByIds(["r1"]);
    first!.metadata.n = 99;
    expect((await adapter.getRoomsByIds(["r1"]))[0]?.metadata).toEqual({ n: 1 });
  });

  test("an answer older than 2 s is read again, and invalidate() forgets everything", async () => {
    let clock = 0;
    const { adapter, cache } = setup(() => clock);
    await adapter.getRoomsByIds(["r1"]);
    clock = 2_500;
    await adapter.getRoomsByIds(["r1"]);
    expect(adapter.queries).toBe(2);
    cache.invalidate();
    await adapter.getRoomsByIds(["r1"]);
    expect(adapter.queries).toBe(3);
  });
});

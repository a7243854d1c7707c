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

  test("a shorter read of the same messages is the first rows of a longer one kept: equal to the query's own answer", async () => {
    const raw = new MessagesAdapter();
    const adapter = raw as unknown as MessagesAdapter;
    cacheAdapterReads(raw as unknown as IDatabaseAdapter, () => 0);
    const direct = new MessagesAdapter();
    const long = await adapter.getMemories({ tableName: "messages", roomId: "r1", count: 32, unique: false });
    expect(long).toHaveLength(32);
    // Another order of the same parameters, and no `unique` (plugin-sql's `if (unique)`): one query.
    const short = await adapter.getMemories({ count: 20, roomId: "r1", tableName: "messages" });
    expect(raw.queries).toBe(1);
    expect(short).toEqual(await direct.getMemories({ tableName: "messages", roomId: "r1", count: 20 }));
    // Its own copy, too.
    (short[0] as { content: { text: string } }).content.text = "changed";
    expect((await adapter.getMemories({ tableName: "messages", roomId: "r1", count: 5 }))[0]?.content.text).not.toBe(
      "changed",
    );
    expect(raw.queries).toBe(1);
    // Not from a shorter read, another room, `unique: true`, or across a write.
    await adapter.getMemories({ tableName: "messages", roomId: "r1", count: 40 });
    await adapter.getMemories({ tableName: "messages", roomId: "r2", count: 10 });
    await adapter.getMemories({ tableName: "messages", roomId: "r1", count: 10, unique: true });
    expect(raw.queries).toBe(4);
    await adapter.createMemory({ roomId: "r1", createdAt: 10_000, text: "new" });
    const after = await adapter.getMemories({ tableName: "messages", roomId: "r1", count: 3 });
    expect(after[0]?.content.text).toBe("new");
    expect(raw.queries).toBe(5);
  });
});

/** plugin-sql's getMemories order and LIMIT: created_at, then id, both descending (ties share a time here). */
class MessagesAdapter {
  queries = 0;
  rows = Array.from({ length: 45 }, (_, i) => ({
    id: `m${String(i).padStart(2, "0")}`,
    roomId: i % 9 === 0 ? "r2" : "r1",
    createdAt: Math.floor(i / 3),
    unique: i % 2 === 0,
    content: { text: `message ${i}` },
  }));
  async getMemories(params: { roomId: string; count?: number; unique?: boolean; tableName: string }) {
    this.queries++;
    const rows = this.rows
      .filter((r) => r.roomId === params.roomId && (!params.unique || r.unique))
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
      .map((r) => structuredClone(r));
    return params.count ? rows.slice(0, params.count) : rows;
  }
  async createMemory(m: { roomId: string; createdAt: number; text: string }) {
    this.rows.push({
      id: `n${this.rows.length}`,
      roomId: m.roomId,
      createdAt: m.createdAt,
      unique: true,
      content: { text: m.text },
    });
  }
}

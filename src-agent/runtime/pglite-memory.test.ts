import { afterAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import { scriptedBoot, tempDir } from "../host/agent-client.test-util";
import { createPglite, rewriteCString, SHARED_BUFFERS, sharedBuffersSize } from "./pglite-memory";
import { resetPgliteSingleton } from "./pglite-recovery";
import { startOnPglite } from "./pglite-start";
import { precompilePgliteWasm } from "./pglite-wasm";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const MB = 1024 * 1024;
const quiet = { error() {}, warn() {}, info() {}, debug() {} };

const setting = async (db: PGlite, name: string) =>
  (await db.query<{ setting: string }>(`SELECT current_setting('${name}') AS setting`)).rows[0]?.setting;

describe("rewriteCString", () => {
  const heap = (text: string) => new Uint8Array(Buffer.from(text, "latin1"));

  test("rewrites one NUL-terminated string in place, padding with NULs", () => {
    const bytes = heap("\0a=128MB\0b=4MB\0");
    expect(rewriteCString(bytes, "a=128MB", "a=16MB")).toBe(true);
    expect(Buffer.from(bytes).toString("latin1")).toBe("\0a=16MB\0\0b=4MB\0");
  });

  test("changes nothing when the string is missing, repeated, or only part of a longer one", () => {
    for (const text of ["\0b=4MB\0", "\0a=128MB\0a=128MB\0", "\0xa=128MB\0"]) {
      const bytes = heap(text);
      expect(rewriteCString(bytes, "a=128MB", "a=16MB")).toBe(false);
      expect(Buffer.from(bytes).toString("latin1")).toBe(text);
    }
    expect(() => rewriteCString(heap("\0a=1\0"), "a=1", "a=100")).toThrow("longer");
  });
});

describe("PGlite's memory", () => {
  test(`a new database runs with shared_buffers ${SHARED_BUFFERS} and a heap far below the 188 MB of 128MB`, async () => {
    const db = createPglite("memory://");
    try {
      expect(await setting(db, "shared_buffers")).toBe(SHARED_BUFFERS);
      expect(db.Module.HEAPU8.length).toBeLessThan(100 * MB);
    } finally {
      await db.close();
    }
  }, 60_000);

  test("PGlite's wasm compiled ahead (once per process) opens databases with the same options, vector included", async () => {
    const wasm = await precompilePgliteWasm();
    expect(wasm).toBeInstanceOf(WebAssembly.Module);
    expect(await precompilePgliteWasm()).toBe(wasm as WebAssembly.Module);
    for (let i = 0; i < 2; i++) {
      const db = createPglite("memory://", wasm);
      try {
        expect(await setting(db, "shared_buffers")).toBe(SHARED_BUFFERS);
        await db.exec("CREATE EXTENSION IF NOT EXISTS vector");
        const { rows } = await db.query<{ d: number }>("SELECT '[1,2,3]'::vector <-> '[1,2,4]'::vector AS d");
        expect(rows[0]?.d).toBe(1);
      } finally {
        await db.close();
      }
    }
  }, 120_000);

  test("queries bigger than shared_buffers and work_mem still run: 12k rows with 384-dim vectors, sorted and searched", async () => {
    const db = createPglite("memory://");
    try {
      await db.exec("CREATE EXTENSION IF NOT EXISTS vector");
      await db.exec("CREATE TABLE chunk (id int PRIMARY KEY, body text, embedding vector(384))");
      // 12k x (1.5 KB vector + 200 B text) = ~20 MB of rows: over twice shared_buffers.
      await db.exec(`INSERT INTO chunk
        SELECT i, repeat(md5(i::text), 6), array_fill(i * 0.001, ARRAY[384])::real[]::vector
        FROM generate_series(1, 12000) i`);
      const sorted = await db.query<{ id: number }>("SELECT id FROM chunk ORDER BY body DESC, id LIMIT 3");
      expect(sorted.rows).toHaveLength(3);
      const near = await db.query<{ id: number }>(
        "SELECT id FROM chunk ORDER BY embedding <-> (SELECT embedding FROM chunk WHERE id = 6789) LIMIT 1",
      );
      expect(near.rows[0]?.id).toBe(6789);
      expect(await setting(db, "shared_buffers")).toBe(SHARED_BUFFERS);
    } finally {
      await db.close();
    }
  }, 120_000);

  test("the agent's database (what plugin-sql opens at start) gets the same size", async () => {
    const dir = tempDir("pglite-memory");
    dirs.push(dir);
    const boot = scriptedBoot(dir);
    const sizes = await startOnPglite(boot, quiet, async () => {
      const g = globalThis as unknown as Record<symbol, { pgLiteClientManager?: { getConnection(): PGlite } }>;
      const db = g[Symbol.for("@elizaos/plugin-sql/global-singletons")]?.pgLiteClientManager?.getConnection();
      if (!db) throw new Error("no PGlite client was provided");
      return { shared: await setting(db, "shared_buffers"), dataDir: db.dataDir };
    });
    await resetPgliteSingleton();
    expect(sizes).toEqual({ shared: SHARED_BUFFERS, dataDir: boot.dataDir });
  }, 60_000);
});

test("MILADY_PGLITE_SHARED_BUFFERS overrides the size when it fits in the place of 128MB", () => {
  expect(sharedBuffersSize({})).toBe(SHARED_BUFFERS);
  expect(sharedBuffersSize({ MILADY_PGLITE_SHARED_BUFFERS: "64MB" })).toBe("64MB");
  for (const bad of ["1024MB", "64", "-1MB", "64 MB; x", "0MB"])
    expect(sharedBuffersSize({ MILADY_PGLITE_SHARED_BUFFERS: bad })).toBe(SHARED_BUFFERS);
});

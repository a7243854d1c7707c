import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { closeSync, cpSync, mkdtempSync, openSync, rmSync, truncateSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { FileRecord } from "./db-file-record";
import { type ProbeResult, probeDatabase } from "./db-probe";
import { rebuildTables } from "./db-salvage";

// Real PGlite 0.3.8 on disk, damaged the way the issue describes; no agent.
const root = mkdtempSync(join(tmpdir(), "milady-probe-"));
const template = join(root, "template");
const ROWS = 5000;
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Like plugin-sql's schema: the indexes exist before the rows (so relpages stays 0), long rows go to TOAST. */
beforeAll(async () => {
  const db = new PGlite(template);
  await db.exec(`
    CREATE TABLE rooms (id uuid PRIMARY KEY, name text);
    CREATE TABLE memories (id uuid PRIMARY KEY, room_id uuid, type text, created_at timestamptz, content jsonb);
    CREATE INDEX idx_memories_type_room ON memories (type, room_id);
    CREATE TABLE notes (body text);
    INSERT INTO rooms VALUES ('00000000-0000-0000-0000-000000000001', 'r');
    INSERT INTO memories
      SELECT gen_random_uuid(), '00000000-0000-0000-0000-000000000001', 'messages', now() + g * interval '1 ms',
             jsonb_build_object('text', 'message ' || g || ' ' || repeat('words ', 30))
        FROM generate_series(1, ${ROWS}) g;
    INSERT INTO memories VALUES (gen_random_uuid(), null, 'documents', now(), jsonb_build_object('text', repeat(md5(random()::text), 400)));
    INSERT INTO notes VALUES ('no primary key here');`);
  await db.close();
}, 60_000);

async function withDamagedCopy<T>(
  name: string,
  damage: (dir: string, files: Record<string, string>) => void,
  fn: (db: PGlite, dir: string) => Promise<T>,
) {
  const dir = join(root, name);
  cpSync(template, dir, { recursive: true });
  const files = await relationFiles(dir);
  damage(dir, files);
  const db = new PGlite(dir);
  try {
    return await fn(db, dir);
  } finally {
    await db.close();
  }
}

async function relationFiles(dir: string): Promise<Record<string, string>> {
  const db = new PGlite(dir);
  const { rows } = await db.query<{ name: string; file: string }>(
    "SELECT relname AS name, pg_relation_filepath(oid) AS file FROM pg_class WHERE relname IN ('memories', 'memories_pkey', 'idx_memories_type_room')",
  );
  await db.close();
  return Object.fromEntries(rows.map((r) => [r.name, join(dir, r.file)]));
}

function garbage(file: string, page: number): void {
  const fd = openSync(file, "r+");
  writeSync(fd, Buffer.alloc(8192, 0x5a), 0, 8192, page * 8192);
  closeSync(fd);
}

function found(result: ProbeResult | { skipped: string }): ProbeResult {
  if ("skipped" in result) throw new Error(`probe skipped: ${result.skipped}`);
  return result;
}

describe("integrity probe (real PGlite)", () => {
  test(`a healthy database: nothing damaged, ${ROWS} rows read, nothing damaged`, async () => {
    await withDamagedCopy(
      "healthy",
      () => {},
      async (db, dir) => {
        const first = found(await probeDatabase(db, dir));
        const again = found(await probeDatabase(db, dir)); // warm, as at every start after the first query
        console.log(`probe: ${first.tables} tables, ${first.rows} rows in ${first.ms} ms (again ${again.ms} ms)`);
        expect(first.damaged).toEqual([]);
        expect(first.tables).toBe(3);
        expect(first.rows).toBe(ROWS + 3);
        expect(again.damaged).toEqual([]);
        expect(again.rows).toBe(first.rows);
      },
    );
  });

  test("garbage over a page of the memories heap: found, rebuilt from the readable rows", async () => {
    await withDamagedCopy(
      "garbage",
      (_, f) => garbage(f.memories!, 20),
      async (db, dir) => {
        expect(found(await probeDatabase(db, dir)).damaged).toEqual([
          { sqlName: '"public"."memories"', name: "memories", damage: "unreadable_pages" },
        ]);
        const [repair] = await rebuildTables(db, found(await probeDatabase(db, dir)).damaged);
        expect(repair!.table).toBe("memories");
        // One 8 KB page of ~30 rows is lost, every other row is kept.
        expect(repair!.rowsKept).toBeGreaterThan(ROWS - 60);
        expect(repair!.rowsKept).toBeLessThan(ROWS + 1);
        expect(found(await probeDatabase(db, dir)).damaged).toEqual([]);
        const { rows } = await db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM memories WHERE type = 'messages' AND room_id = '00000000-0000-0000-0000-000000000001'",
        );
        expect(rows[0]!.n).toBe(repair!.rowsKept - 1);
      },
    );
  });

  test("a truncated memories heap (the index points past its end): found by the key walk, rebuilt", async () => {
    await withDamagedCopy(
      "truncated",
      (_, f) => truncateSync(f.memories!, 8192 * 3),
      async (db, dir) => {
        // A sequential read stops at the new end and sees nothing wrong: only the key walk does.
        expect((await db.query<{ n: number }>("SELECT count(*)::int AS n FROM memories")).rows[0]!.n).toBeLessThan(200);
        const { damaged } = found(await probeDatabase(db, dir));
        expect(damaged).toEqual([{ sqlName: '"public"."memories"', name: "memories", damage: "missing_pages" }]);
        const [repair] = await rebuildTables(db, damaged);
        expect(repair!.rowsKept).toBeGreaterThan(0);
        expect(repair!.rowsKept).toBeLessThan(200);
        expect(found(await probeDatabase(db, dir)).damaged).toEqual([]);
      },
    );
  });

  test("a clean stop's file record vouches for the files: no key walk, and a cut heap is found by its size alone", async () => {
    let record: FileRecord | undefined;
    await withDamagedCopy(
      "recorded",
      () => {},
      async (db, dir) => {
        const first = found(await probeDatabase(db, dir));
        expect(first.walked).toBe(2);
        record = { files: first.files, cleanStop: true };
        expect(found(await probeDatabase(db, dir, record)).walked).toBe(0);
        // After a crash the record only says what the files held at start: walk again.
        expect(found(await probeDatabase(db, dir, { ...record, cleanStop: false })).walked).toBe(2);
      },
    );
    await withDamagedCopy(
      "recorded-cut",
      (_, f) => truncateSync(f.memories!, 8192 * 3),
      async (db, dir) => {
        const result = found(await probeDatabase(db, dir, record));
        expect(result.walked).toBe(0);
        expect(result.damaged).toEqual([{ sqlName: '"public"."memories"', name: "memories", damage: "missing_pages" }]);
      },
    );
  });

  test("an index file cut to nothing: found by the size check, rebuilt", async () => {
    await withDamagedCopy(
      "index",
      (_, f) => truncateSync(f.idx_memories_type_room!, 0),
      async (db, dir) => {
        const { damaged } = found(await probeDatabase(db, dir));
        expect(damaged.map((d) => [d.name, d.damage])).toEqual([["memories", "missing_pages"]]);
        const [repair] = await rebuildTables(db, damaged);
        expect(repair!.rowsKept).toBe(ROWS + 1);
        expect(found(await probeDatabase(db, dir)).damaged).toEqual([]);
      },
    );
  });
});

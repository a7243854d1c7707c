// Real PGlite on a real data dir: with the wire files in memory, statements small and large
// (over the shared-memory buffer, so PGlite switches to its file channel both ways) still work,
// the data dir on disk gets no wire file back, and the data is there after a reopen.
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { keepWireFilesInMemory } from "./pglite-wire-files";

const dir = mkdtempSync(join(tmpdir(), "milady-wire-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("PGlite wire files in memory", () => {
  test("statements work, nothing is written to the data dir's wire file, data survives a reopen", async () => {
    const db = await PGlite.create(join(dir, "db"));
    await db.query("select 1");
    expect(keepWireFilesInMemory(db)).toBe(true);
    expect(keepWireFilesInMemory(db)).toBe(false); // once per instance
    const onDisk = join(dir, "db", ".s.PGSQL.5432.lock.out");
    if (existsSync(onDisk)) unlinkSync(onDisk);

    await db.exec("create table notes (id serial primary key, body text)");
    for (let i = 0; i < 20; i++) await db.query("insert into notes (body) values ($1)", [`note ${i}`]);
    const bufferMax = (db as unknown as { mod: { FD_BUFFER_MAX: number } }).mod.FD_BUFFER_MAX;
    const big = "x".repeat(bufferMax + 1024); // over PGlite's shared buffer: its file channel, both ways
    await db.query("insert into notes (body) values ($1)", [big]);
    const back = await db.query<{ body: string }>("select body from notes order by id");
    expect(back.rows.length).toBe(21);
    expect(back.rows[0].body).toBe("note 0");
    expect(back.rows[20].body.length).toBe(big.length);
    expect(existsSync(onDisk)).toBe(false);
    await db.close();

    const again = await PGlite.create(join(dir, "db"));
    const count = await again.query<{ n: number }>("select count(*)::int as n from notes");
    expect(count.rows[0].n).toBe(21);
    await again.close();
  });

  test("anything that is not a PGlite instance is left alone", () => {
    expect(keepWireFilesInMemory(undefined)).toBe(false);
    expect(keepWireFilesInMemory({ mod: {} })).toBe(false);
  });
});

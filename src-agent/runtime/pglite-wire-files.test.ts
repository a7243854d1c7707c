// Real PGlite on a real data dir: Milady's PGlite (createPglite) never writes a wire file to the
// data dir, from its first start on, while statements small and large (over the shared-memory
// buffer, so PGlite switches to its file channel both ways) still work and the data is there
// after a reopen. A plain PGlite, for contrast, writes it.
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { createPglite } from "./pglite-memory";
import { keepWireFilesInMemory } from "./pglite-wire-files";

const dir = mkdtempSync(join(tmpdir(), "milady-wire-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const wireFile = (dataDir: string) => join(dataDir, ".s.PGSQL.5432.lock.out");

describe("PGlite wire files in memory", () => {
  test("a plain PGlite writes its wire file into the data dir", async () => {
    const plain = await PGlite.create(join(dir, "plain"));
    await plain.query("select 1");
    expect(existsSync(wireFile(join(dir, "plain")))).toBe(true);
    await plain.close();
  });

  test("Milady's PGlite: statements work, no wire file in the data dir, the data survives a reopen", async () => {
    const dataDir = join(dir, "milady");
    const db = createPglite(dataDir);
    await db.exec("create table notes (id serial primary key, body text)");
    for (let i = 0; i < 20; i++) await db.query("insert into notes (body) values ($1)", [`note ${i}`]);
    const bufferMax = (db as unknown as { mod: { FD_BUFFER_MAX: number } }).mod.FD_BUFFER_MAX;
    const big = "x".repeat(bufferMax + 1024); // over PGlite's shared buffer: its file channel, both ways
    await db.query("insert into notes (body) values ($1)", [big]);
    const back = await db.query<{ body: string }>("select body from notes order by id");
    expect(back.rows.length).toBe(21);
    expect(back.rows[0].body).toBe("note 0");
    expect(back.rows[20].body.length).toBe(big.length);
    expect(existsSync(wireFile(dataDir))).toBe(false);
    // Done once per instance, when its runtime came up.
    expect(keepWireFilesInMemory((db as unknown as { mod: { FS: never } }).mod.FS)).toBe(false);
    await db.close();

    const again = createPglite(dataDir);
    const count = await again.query<{ n: number }>("select count(*)::int as n from notes");
    expect(count.rows[0].n).toBe(21);
    await again.close();
    expect(existsSync(wireFile(dataDir))).toBe(false);
  });

  test("anything that is not an Emscripten FS is left alone", () => {
    expect(keepWireFilesInMemory(undefined)).toBe(false);
    expect(keepWireFilesInMemory({} as never)).toBe(false);
  });
});

// A fresh state dir started from the migrated template (build/make-db-template.ts) ends up with
// the same database as one whose migrations ran at its first start: the same tables, columns,
// defaults, indexes, constraints, extensions and migration records, the same rows.
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { fuzzystrmatch } from "@electric-sql/pglite/contrib/fuzzystrmatch";
import { vector } from "@electric-sql/pglite/vector";
import { conversationsContract } from "../../src-shared/contracts";
import { AgentClient, scriptedBoot, tempDir } from "../host/agent-client.test-util";
import { seedFromTemplate, templateMatches } from "./db-template";

const root = tempDir("db-template");
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Everything about a database that a schema or a first start decides, as comparable text. */
async function describeDatabase(dataDir: string): Promise<Record<string, unknown[]>> {
  const db = new PGlite(dataDir, { extensions: { vector, fuzzystrmatch } });
  try {
    const q = async (sql: string) => (await db.query(sql)).rows;
    const tables = (await q(
      "SELECT table_schema || '.' || table_name AS t FROM information_schema.tables WHERE table_schema IN ('public', 'migrations') ORDER BY 1",
    )) as { t: string }[];
    const counts: unknown[] = [];
    for (const { t } of tables) {
      // Rows made at the first start carry its time and random ids; their number is what must match.
      if (t !== "migrations._snapshots" && t !== "migrations._migrations")
        counts.push([t, (await q(`SELECT count(*)::int AS n FROM ${t}`))[0]]);
    }
    return {
      tables,
      columns: await q(
        "SELECT table_schema, table_name, column_name, data_type, udt_name, column_default, is_nullable FROM information_schema.columns WHERE table_schema IN ('public', 'migrations') ORDER BY 1, 2, 3",
      ),
      indexes: await q(
        "SELECT schemaname, tablename, indexdef FROM pg_indexes WHERE schemaname IN ('public', 'migrations') ORDER BY 1, 2, 3",
      ),
      constraints: await q(
        "SELECT conrelid::regclass::text AS t, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace IN (SELECT oid FROM pg_namespace WHERE nspname IN ('public', 'migrations')) ORDER BY 1, 2",
      ),
      extensions: await q("SELECT extname, extversion FROM pg_extension ORDER BY 1"),
      migrations: await q("SELECT plugin_name, hash FROM migrations._migrations ORDER BY 1, 2"),
      counts,
    };
  } finally {
    await db.close();
  }
}

describe("the migrated database template", () => {
  test("a start from the template equals a start that migrated, and the agent chats on it", async () => {
    const template = join(root, "template");
    const make = Bun.spawn(
      [process.execPath, join(import.meta.dir, "..", "..", "build", "make-db-template.ts"), template],
      {
        stdout: "ignore",
        stderr: "pipe",
        env: { ...process.env, LOG_LEVEL: "error" },
      },
    );
    expect(await make.exited).toBe(0);
    expect(templateMatches(template)).toBe(true);

    const seeded = join(root, "seeded");
    const seededBootAt = Date.now();
    const migrated = join(root, "migrated");
    for (const [dir, pgliteTemplate] of [
      [seeded, template],
      [migrated, undefined],
    ] as const) {
      const agent = new AgentClient("worker");
      await agent.boot({ ...scriptedBoot(dir), pgliteTemplate }, undefined, 150_000);
      const { conversation } = await agent.ok(conversationsContract, "create", {});
      const { reply } = await agent.ok(conversationsContract, "send", {
        conversationId: conversation.id,
        text: "hello",
      });
      expect(reply.text).toBe("Echo: hello");
      await agent.shutdown();
    }
    expect(await describeDatabase(join(seeded, "db"))).toEqual(await describeDatabase(join(migrated, "db")));
    // The seeded start really took the template: its migrations were recorded before that start.
    const db = new PGlite(join(seeded, "db"), { extensions: { vector, fuzzystrmatch } });
    const { rows } = await db.query<{ at: string }>("SELECT max(created_at)::text AS at FROM migrations._migrations");
    await db.close();
    expect(Number(rows[0]?.at)).toBeLessThan(seededBootAt);

    // Only a state dir without a database is seeded; the template itself is never changed.
    expect(seedFromTemplate(template, join(seeded, "db"))).toBe(false);
    expect(existsSync(join(template, "milady-template.json"))).toBe(true);
  }, 300_000);

  test("a template of other versions, or none, is not used", () => {
    const other = join(root, "other");
    expect(templateMatches(other)).toBe(false);
    expect(seedFromTemplate(other, join(root, "never"))).toBe(false);
    expect(seedFromTemplate(undefined, join(root, "never"))).toBe(false);
    expect(existsSync(join(root, "never"))).toBe(false);
  });
});

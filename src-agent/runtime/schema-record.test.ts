// The migrations are skipped only when they would change nothing: a start that skipped them
// leaves the database exactly as a start that ran them, and any disagreement (versions, the
// database's own migration records, row-level security, a missing extension) runs them.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { fuzzystrmatch } from "@electric-sql/pglite/contrib/fuzzystrmatch";
import { vector } from "@electric-sql/pglite/vector";
import { conversationsContract, logsContract } from "../../src-shared/contracts";
import { AgentClient, preparedDataDir, scriptedBoot, tempDir } from "../host/agent-client.test-util";
import { installedVersion } from "./db-template";
import { readSchemaRecord, recordSchema, schemaIsCurrent } from "./schema-record";

const root = tempDir("schema-record");
afterAll(() => rmSync(root, { recursive: true, force: true }));
const SQL = "@elizaos/plugin-sql";
const SKIPPED = "migrations not run again";

/** The schema as text: tables, columns, indexes, constraints, extensions, migration records. */
async function schemaOf(dataDir: string): Promise<Record<string, unknown[]>> {
  const db = new PGlite(dataDir, { extensions: { vector, fuzzystrmatch } });
  try {
    const q = async (sql: string) => (await db.query(sql)).rows;
    const where = "IN ('public', 'migrations')";
    return {
      columns: await q(
        `SELECT table_schema, table_name, column_name, data_type, udt_name, column_default, is_nullable FROM information_schema.columns WHERE table_schema ${where} ORDER BY 1, 2, 3`,
      ),
      indexes: await q(
        `SELECT schemaname, tablename, indexdef FROM pg_indexes WHERE schemaname ${where} ORDER BY 1, 2, 3`,
      ),
      constraints: await q(
        `SELECT conrelid::regclass::text AS t, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace IN (SELECT oid FROM pg_namespace WHERE nspname ${where}) ORDER BY 1, 2`,
      ),
      extensions: await q("SELECT extname, extversion FROM pg_extension ORDER BY 1"),
      migrations: await q("SELECT id, plugin_name, hash, created_at::text FROM migrations._migrations ORDER BY 1"),
      journal: await q("SELECT plugin_name FROM migrations._journal ORDER BY 1"),
    };
  } finally {
    await db.close();
  }
}

/** Boots the agent on `stateDir`, chats once, stops; returns whether it skipped the migrations. */
async function startAndChat(stateDir: string): Promise<boolean> {
  const agent = new AgentClient("worker");
  try {
    await agent.boot(scriptedBoot(stateDir, { logLevel: "info" }), undefined, 120_000);
    const { conversation } = await agent.ok(conversationsContract, "create", {});
    const { reply } = await agent.ok(conversationsContract, "send", { conversationId: conversation.id, text: "hi" });
    expect(reply.text).toBe("Echo: hi");
    return agent.events(logsContract, "log").some(({ line }) => line.msg.includes(SKIPPED));
  } finally {
    await agent.shutdown();
  }
}

describe("the schema record", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await preparedDataDir(join(root, "agent"));
  }, 150_000);

  test("a start on a recorded database skips the migrations and leaves what running them leaves", async () => {
    const stateDir = join(root, "agent");
    const record = readSchemaRecord(dataDir);
    expect(record).toEqual({
      pluginSql: installedVersion(SQL),
      core: installedVersion("@elizaos/core"),
      hashes: { [SQL]: expect.any(String) },
    });
    expect(await startAndChat(stateDir)).toBe(true);
    const skipped = await schemaOf(dataDir);

    // Without the record the migrations run on that same database: they find nothing to change.
    rmSync(join(dataDir, "milady-schema.json"));
    expect(await startAndChat(stateDir)).toBe(false);
    expect(await schemaOf(dataDir)).toEqual(skipped);
    expect(readSchemaRecord(dataDir)).toEqual(record!);
  }, 300_000);

  test("any disagreement with the record or the database means the migrations run", async () => {
    const db = new PGlite(dataDir, { extensions: { vector, fuzzystrmatch } });
    const recordFile = join(dataDir, "milady-schema.json");
    const saved = readFileSync(recordFile, "utf8");
    const current = () => schemaIsCurrent(db, dataDir, [SQL], false);
    const withRecord = async (edit: (r: Record<string, unknown>) => void) => {
      const r = JSON.parse(saved);
      edit(r);
      writeFileSync(recordFile, JSON.stringify(r));
      return current();
    };
    try {
      expect(await current()).toBe(true);
      expect(await withRecord((r) => (r.pluginSql = "1.0.0"))).toBe(false);
      expect(await withRecord((r) => (r.core = "1.0.0"))).toBe(false);
      expect(await withRecord((r) => (r.hashes = { [SQL]: "another" }))).toBe(false);
      expect(await withRecord((r) => (r.hashes = {}))).toBe(false);
      writeFileSync(recordFile, "not json");
      expect(await current()).toBe(false);
      writeFileSync(recordFile, saved);
      // Another plugin with a schema was never recorded.
      expect(await schemaIsCurrent(db, dataDir, [SQL, "plugin-with-tables"], false)).toBe(false);
      process.env.ENABLE_DATA_ISOLATION = "true";
      expect(await current()).toBe(false);
      delete process.env.ENABLE_DATA_ISOLATION;

      // Another migrator ran since the record: its record is the last one.
      await db.query("INSERT INTO migrations._migrations (plugin_name, hash, created_at) VALUES ($1, 'newer', $2)", [
        SQL,
        Date.now() + 1000,
      ]);
      expect(await current()).toBe(false);
      await recordSchema(db, dataDir, [SQL]);
      expect(readSchemaRecord(dataDir)?.hashes[SQL]).toBe("newer");
      expect(await current()).toBe(true);

      // Row-level security left on a table, which plugin-sql's start would switch off.
      await db.query("ALTER TABLE rooms ENABLE ROW LEVEL SECURITY");
      expect(await current()).toBe(false);
      await db.query("ALTER TABLE rooms DISABLE ROW LEVEL SECURITY");
      await db.query("DROP EXTENSION fuzzystrmatch");
      expect(await current()).toBe(false);
      await db.query("CREATE EXTENSION fuzzystrmatch");
      expect(await current()).toBe(true);
    } finally {
      await db.close();
    }
  }, 120_000);

  test("a copy of the template counts as recorded; a database without migrations never does", async () => {
    const empty = new PGlite();
    try {
      expect(await schemaIsCurrent(empty, join(root, "none"), [SQL], true)).toBe(false);
      expect(await schemaIsCurrent(empty, join(root, "none"), [SQL], false)).toBe(false);
    } finally {
      await empty.close();
    }
    const copy = new PGlite(dataDir, { extensions: { vector, fuzzystrmatch } });
    try {
      // (the record file of the previous test is ignored for a seeded copy: its own records decide)
      expect(await schemaIsCurrent(copy, join(root, "no-record"), [SQL], true)).toBe(true);
      expect(await schemaIsCurrent(copy, join(root, "no-record"), [SQL, "other"], true)).toBe(false);
    } finally {
      await copy.close();
    }
  }, 120_000);
});

// Real PGlite databases migrated by a real agent boot (scripted model): one agent's rows copied
// into another database come back equal, row for row, and other agents' rows stay behind.
import { afterAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { fuzzystrmatch } from "@electric-sql/pglite/contrib/fuzzystrmatch";
import { vector } from "@electric-sql/pglite/vector";
import { conversationsContract } from "../../../src-shared/contracts";
import { AgentClient, preparedDataDir, scriptedBoot, tempDir } from "../../host/agent-client.test-util";
import { MILADY_AGENT_ID } from "../character-map";
import type { SqlClient } from "../sql-client";
import { countRows, dataTables, inTransaction, readRows, writeRows } from "./index";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const open = (dir: string) => new PGlite(dir, { extensions: { vector, fuzzystrmatch } });
const OTHER_AGENT = "0f8fad5b-d9cb-469f-a165-70867728950e";

async function copyAgent(from: SqlClient & PGlite, to: SqlClient & PGlite, agentId: string) {
  await inTransaction(from, "read", async (src) => {
    const tables = await dataTables(src, "agent");
    await inTransaction(to, "write", async (dst) => {
      for (const table of tables) {
        for await (const rows of readRows(src, table, agentId)) {
          await writeRows(dst, table.name, rows, { onConflict: "skip" });
        }
      }
    });
  });
}

describe("agent data copy", () => {
  test("a chatted agent's rows (memories, embeddings, rooms, entities...) arrive equal; another agent's do not", async () => {
    const source = tempDir("data-src");
    const target = tempDir("data-dst");
    dirs.push(source, target);
    await preparedDataDir(source);
    await preparedDataDir(target);
    const agent = new AgentClient("worker");
    await agent.boot(scriptedBoot(source));
    const { conversation } = await agent.ok(conversationsContract, "create", {});
    for (const text of ["hello", "what is 2+2?", 'quote: "x" \\ done']) {
      await agent.ok(conversationsContract, "send", { conversationId: conversation.id, text });
    }
    await agent.shutdown();

    const src = open(join(source, "db"));
    const dst = open(join(target, "db"));
    try {
      // A second agent in the source database, whose rows must not travel.
      await src.query("INSERT INTO agents (id, name) VALUES ($1, 'Other')", [OTHER_AGENT]);
      await src.query("INSERT INTO entities (id, agent_id, names) VALUES ($1, $1, '{Other}')", [OTHER_AGENT]);

      const tables = await dataTables(src, "agent");
      const names = tables.map((t) => t.name);
      expect(names).toContain("memories");
      expect(names).not.toContain("logs");
      // Parents before children, as the foreign keys need.
      expect(names.indexOf("agents")).toBeLessThan(names.indexOf("rooms"));
      expect(names.indexOf("memories")).toBeLessThan(names.indexOf("embeddings"));

      const before = await countRows(src, tables, MILADY_AGENT_ID);
      expect(before.memories).toBeGreaterThanOrEqual(6);
      expect(before.embeddings).toBeGreaterThan(0);

      await copyAgent(src, dst, MILADY_AGENT_ID);
      expect(await countRows(dst, tables, MILADY_AGENT_ID)).toEqual(before);
      const other = await dst.query<{ n: number }>("SELECT count(*)::int AS n FROM entities WHERE agent_id = $1", [
        OTHER_AGENT,
      ]);
      expect(other.rows[0]?.n).toBe(0);

      // Row for row, every column (vectors compared as text).
      for (const table of ["memories", "rooms", "participants"]) {
        const q = `SELECT to_jsonb(t)::text AS r FROM ${table} t WHERE agent_id = $1 ORDER BY id`;
        const a = (await src.query<{ r: string }>(q, [MILADY_AGENT_ID])).rows;
        const b = (await dst.query<{ r: string }>(q, [MILADY_AGENT_ID])).rows;
        expect(b).toEqual(a);
      }
      const vec = `SELECT e.id, e.dim_384::text AS v FROM embeddings e JOIN memories m ON m.id = e.memory_id WHERE m.agent_id = $1 ORDER BY e.id`;
      expect((await dst.query(vec, [MILADY_AGENT_ID])).rows).toEqual((await src.query(vec, [MILADY_AGENT_ID])).rows);

      // A failed write leaves nothing behind: the transaction rolls back.
      const memoriesBefore = (await countRows(dst, tables, MILADY_AGENT_ID)).memories;
      const bad = await inTransaction(dst, "write", async (sql) => {
        await writeRows(
          sql,
          "memories",
          [
            JSON.stringify({
              id: OTHER_AGENT,
              agent_id: MILADY_AGENT_ID,
              type: "messages",
              content: {},
              entity_id: OTHER_AGENT,
              room_id: OTHER_AGENT,
            }),
          ],
          {
            onConflict: "fail",
          },
        );
      }).catch((e: Error) => e);
      expect(bad).toBeInstanceOf(Error);
      expect((await countRows(dst, tables, MILADY_AGENT_ID)).memories).toBe(memoriesBefore);
    } finally {
      await src.close();
      await dst.close();
    }
  }, 240_000);
});

// A real agent (Worker, PGlite, the scripted model test double): over 30 DM turns REFLECTION
// runs at its intended cadence (plugin-bootstrap 1.7.2 would run it on nearly every turn once
// the room holds ~10 messages), and the action/evaluator rows in `logs` stay small.
// Messages are embedded (bootstrap's queue) without a log row for each success.
import { afterAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { fuzzystrmatch } from "@electric-sql/pglite/contrib/fuzzystrmatch";
import { vector } from "@electric-sql/pglite/vector";
import { conversationsContract } from "../../src-shared/contracts";
import { AgentClient, preparedDataDir, scriptedBoot, tempDir } from "../host/agent-client.test-util";

const stateDir = tempDir("turn-cost");
const olderRoomDir = tempDir("turn-cost-older");
afterAll(() => {
  for (const dir of [stateDir, olderRoomDir]) rmSync(dir, { recursive: true, force: true });
});

const openDb = (dir: string) => new PGlite(join(dir, "db"), { extensions: { vector, fuzzystrmatch } });

async function reflections(dir: string): Promise<number> {
  const db = openDb(dir);
  try {
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM logs WHERE type = 'evaluator' AND body->>'evaluator' = 'REFLECTION'",
    );
    return rows[0]?.n ?? 0;
  } finally {
    await db.close();
  }
}

async function chat(dir: string, turns: number, conversationId?: string): Promise<string> {
  const agent = new AgentClient("worker");
  await agent.boot(scriptedBoot(dir));
  const id = conversationId ?? (await agent.ok(conversationsContract, "create", {})).conversation.id;
  for (let i = 0; i < turns; i++) {
    await agent.ok(conversationsContract, "send", { conversationId: id, text: `message number ${i}` });
  }
  await agent.shutdown();
  return id;
}

const TURNS = 30;

describe("the cost of a DM turn", () => {
  test(`${TURNS} turns: REFLECTION every 5th turn, not every turn; evaluator rows without the whole state`, async () => {
    await preparedDataDir(stateDir);
    const agent = new AgentClient("worker");
    await agent.boot(scriptedBoot(stateDir));
    const { conversation } = await agent.ok(conversationsContract, "create", {});
    for (let i = 0; i < TURNS; i++) {
      await agent.ok(conversationsContract, "send", { conversationId: conversation.id, text: `message number ${i}` });
    }
    await agent.shutdown();

    const db = new PGlite(join(stateDir, "db"), { extensions: { vector, fuzzystrmatch } });
    try {
      const { rows } = await db.query<{ evaluator: string; n: number; biggest: number }>(
        `SELECT body->>'evaluator' AS evaluator, count(*)::int AS n, max(length(body::text))::int AS biggest
           FROM logs WHERE type = 'evaluator' GROUP BY 1`,
      );
      const reflection = rows.find((r) => r.evaluator === "REFLECTION");
      // conversationLength 32 -> more than 8 messages (two per turn) the last reflection did not
      // see: turn 5 (the room's first 10), then every 5th turn.
      expect(reflection?.n).toBe(TURNS / 5);
      for (const row of rows) expect(row.biggest).toBeLessThan(2_000);
      const { rows: models } = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM logs WHERE type LIKE 'useModel:%'",
      );
      expect(models[0]?.n).toBe(0);
      // bootstrap's embedding queue ran (messages were embedded), yet wrote no "completed" rows.
      const { rows: embedded } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM embeddings");
      expect(embedded[0]?.n).toBeGreaterThan(0);
      const { rows: completed } = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM logs WHERE type = 'embedding_event' AND body->>'status' = 'completed'",
      );
      expect(completed[0]?.n).toBe(0);
    } finally {
      await db.close();
    }
  }, 240_000);

  test("a room whose last reflection recorded only its id (an older Milady) keeps the cadence", async () => {
    await preparedDataDir(olderRoomDir);
    const conversationId = await chat(olderRoomDir, 5);
    expect(await reflections(olderRoomDir)).toBe(1);
    // What a database from before the recorded count holds: the reflected message's id only.
    const db = openDb(olderRoomDir);
    try {
      const removed = await db.query("DELETE FROM cache WHERE key LIKE '%-reflection-seen-count'");
      expect(removed.affectedRows).toBe(1);
    } finally {
      await db.close();
    }
    await chat(olderRoomDir, 10, conversationId);
    // Turn 10 is counted the old way (by id); the reflection records the count; turn 15 by count.
    expect(await reflections(olderRoomDir)).toBe(3);
    const after = openDb(olderRoomDir);
    try {
      const { rows } = await after.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM cache WHERE key LIKE '%-reflection-seen-count'",
      );
      expect(rows[0]?.n).toBe(1);
    } finally {
      await after.close();
    }
  }, 240_000);
});

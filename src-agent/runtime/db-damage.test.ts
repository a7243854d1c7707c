import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { closeSync, cpSync, existsSync, openSync, readFileSync, rmSync, truncateSync, writeSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { agentContract, conversationsContract, logsContract } from "../../src-shared/contracts";
import type { AgentBootConfig } from "../../src-shared/protocol";
import { AgentClient, preparedDataDir, scriptedBoot, tempDir } from "../host/agent-client.test-util";

// The real agent worker and real PGlite 0.3.8; the scripted model is the test double. Each test
// damages a copy of one database of a conversation with thousands of messages, as issue 8 says.
const dirs: string[] = [];
const dir = (p: string) => {
  const d = tempDir(p);
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const TURNS = 10;
const CLONED = 5000;
let template: string;
let conversationId: string;

/** Boots, chats TURNS turns, stops cleanly; then fills the conversation to thousands of messages. */
beforeAll(async () => {
  const root = dir("damage-template");
  await preparedDataDir(root);
  const agent = new AgentClient("worker");
  try {
    await agent.boot(scriptedBoot(root), undefined, 120_000);
    const { conversation } = await agent.ok(conversationsContract, "create", { title: "history" });
    conversationId = conversation.id;
    for (let i = 0; i < TURNS; i++) {
      await agent.ok(conversationsContract, "send", { conversationId, text: `message ${i}` }, 30_000);
    }
  } finally {
    await agent.shutdown();
  }
  template = join(root, "db");
  const db = new PGlite(template);
  const { rows } = await db.query<{ cols: string }>(
    "SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) AS cols FROM information_schema.columns WHERE table_name = 'memories' AND column_name NOT IN ('id', 'created_at')",
  );
  const cols = rows[0]!.cols;
  // Older copies of the real rows, so history pages through them like a long conversation.
  await db.query(
    `INSERT INTO memories (id, created_at, ${cols})
       SELECT gen_random_uuid(), created_at - (g * interval '1 minute'), ${cols}
         FROM memories CROSS JOIN generate_series(1, ${CLONED / (TURNS * 2)}) AS g
        WHERE type = 'messages' AND room_id = $1`,
    [conversationId],
  );
  await db.close();
  // Rows written behind the agent's back: its file record no longer vouches for the files.
  rmSync(join(template, "milady-file-sizes.json"));
}, 240_000);

async function copyOfTemplate(name: string): Promise<AgentBootConfig> {
  const root = dir(name);
  const boot = scriptedBoot(root, { logLevel: "info" });
  cpSync(template, boot.dataDir, { recursive: true });
  return boot;
}

async function filesOf(dataDir: string): Promise<Record<string, string>> {
  const db = new PGlite(dataDir);
  const { rows } = await db.query<{ name: string; file: string }>(
    "SELECT relname AS name, pg_relation_filepath(oid) AS file FROM pg_class WHERE relname IN ('memories', 'idx_memories_type_room')",
  );
  await db.close();
  return Object.fromEntries(rows.map((r) => [r.name, join(dataDir, r.file)]));
}

function garbage(file: string, page: number): void {
  const fd = openSync(file, "r+");
  writeSync(fd, Buffer.alloc(8192, 0x5a), 0, 8192, page * 8192);
  closeSync(fd);
}

async function history(agent: AgentClient) {
  return agent.request(conversationsContract, "messages", { conversationId, limit: 50 });
}

/** Boots, checks the conversation reads and a new turn is answered, shuts down; returns the ready message. */
async function bootAndChat(boot: AgentBootConfig) {
  const agent = new AgentClient("worker");
  try {
    const ready = await agent.boot(boot, undefined, 120_000);
    const { res } = await history(agent);
    if (!res.ok) throw new Error(`history failed after the start: ${res.error.code} ${res.error.message}`);
    const reply = await agent.ok(conversationsContract, "send", { conversationId, text: "still here?" }, 30_000);
    expect(reply.reply.text).toBe("Echo: still here?");
    const logs = agent.events(logsContract, "log").map(({ line }) => line.msg);
    return { ready, logs, messages: res.ok ? (res.result as { messages: unknown[] }).messages : [] };
  } finally {
    await agent.shutdown();
  }
}

describe("a damaged PGlite database (issue 8)", () => {
  test(`a healthy start checks every table: ${CLONED} messages read, nothing reported`, async () => {
    const boot = await copyOfTemplate("healthy");
    const first = await bootAndChat(boot);
    expect(first.ready.db.recoveries).toBeUndefined();
    expect(first.ready.db.recoveredBackup).toBeUndefined();
    const line = first.logs.find((m) => m.startsWith("database check:"));
    console.log(`first start: ${line}`);
    expect(line).toMatch(/[\d,]+ rows/);
    // The second start has a clean stop's file record: no key walk.
    const second = await bootAndChat(boot);
    const again = second.logs.find((m) => m.startsWith("database check:"));
    console.log(`after a clean stop: ${again}`);
    // What keeps it cheap is that no key is walked; how long it took is the bench's business.
    expect(again).toContain("0 keys walked");
  }, 240_000);

  test("garbage in the memories table file: repaired at start from the readable rows, the original kept", async () => {
    const boot = await copyOfTemplate("garbage");
    const { memories } = await filesOf(boot.dataDir);
    garbage(memories!, 40);
    const damaged = readFileSync(memories!);

    const { ready, messages } = await bootAndChat(boot);
    const [recovery] = ready.db.recoveries ?? [];
    expect(recovery?.kind).toBe("repaired");
    expect(recovery?.tables).toEqual([{ table: "memories", damage: "unreadable_pages", rowsKept: expect.any(Number) }]);
    const kept = recovery!.tables![0]!.rowsKept;
    expect(kept).toBeGreaterThan(CLONED - 100); // one 8 KB page of rows is lost
    expect(kept).toBeLessThan(CLONED + TURNS * 2 + 10);
    expect(messages.length).toBe(50);
    // The backup is the original folder: its damaged page is still there (only the check's hint bits differ).
    const backup = recovery!.backup!;
    expect(ready.db.recoveredBackup).toBe(backup);
    expect(backup).toContain(".corrupt-");
    const page = (buf: Buffer) => buf.subarray(40 * 8192, 41 * 8192);
    expect(page(readFileSync(join(backup, memories!.slice(boot.dataDir.length)))).equals(page(damaged))).toBe(true);
    expect(JSON.stringify(recovery)).not.toMatch(/SELECT|Failed query|message \d/);
  }, 240_000);

  test("the memories table file truncated: repaired at start, the conversation reads again", async () => {
    const boot = await copyOfTemplate("truncated");
    const { memories } = await filesOf(boot.dataDir);
    truncateSync(memories!, 8192 * 4);
    const { ready, messages } = await bootAndChat(boot);
    const [recovery] = ready.db.recoveries ?? [];
    expect(recovery?.kind).toBe("repaired");
    expect(recovery?.tables?.[0]).toMatchObject({ table: "memories", damage: "missing_pages" });
    expect(messages.length).toBeGreaterThan(0);
    expect(existsSync(recovery!.backup!)).toBe(true);
  }, 240_000);

  test("PG_VERSION deleted, data intact: written again before PGlite opens; nothing lost", async () => {
    const boot = await copyOfTemplate("pg-version");
    rmSync(join(boot.dataDir, "PG_VERSION"));
    const { ready, messages } = await bootAndChat(boot);
    expect(ready.db.recoveries?.map((r) => r.kind)).toEqual(["version_restored"]);
    expect(ready.db.recoveredBackup).toBeUndefined();
    expect(readFileSync(join(boot.dataDir, "PG_VERSION"), "utf8")).toBe("17\n");
    expect(messages.length).toBe(50);
  }, 240_000);

  test("damage only a query finds (a secondary index): degraded with the table and fix, typed errors, repaired at the next start", async () => {
    const boot = await copyOfTemplate("runtime");
    const files = await filesOf(boot.dataDir);
    // Not its metapage (block 0): planning any query on the table reads that one, so the probe would see it.
    garbage(files.idx_memories_type_room!, 1);

    const agent = new AgentClient("worker");
    try {
      const ready = await agent.boot(boot, undefined, 120_000);
      expect(ready.db.recoveries).toBeUndefined();
      const { res } = await history(agent);
      expect(res.ok).toBe(false);
      const error = (res as { error: { code: string; message: string; fix?: string } }).error;
      expect(error.code).toBe("db_error");
      expect(error.fix).toContain("Restart");
      // The first answer is generic; the damage watch then names the table and what the next start does.
      const status = await agent.waitForEvent(
        agentContract,
        "db_status",
        (p) => !!p.problem?.message.includes("memories"),
        15_000,
      );
      expect(status.health).toBe("degraded");
      expect(status.problem?.code).toBe("db_error");
      expect(status.problem?.fix).toContain("repairs the memories table");
      const again = await history(agent);
      expect((again.res as { error: { code: string } }).error.code).toBe("db_error");
    } finally {
      await agent.shutdown();
    }
    expect(existsSync(join(boot.dataDir, "milady-damage.json"))).toBe(true);

    const { ready, messages } = await bootAndChat(boot);
    const [recovery] = ready.db.recoveries ?? [];
    expect(recovery?.kind).toBe("repaired");
    expect(recovery?.tables).toEqual([
      { table: "memories", damage: "reported_at_runtime", rowsKept: expect.any(Number) },
    ]);
    expect(recovery!.tables![0]!.rowsKept).toBeGreaterThanOrEqual(CLONED + TURNS * 2);
    expect(messages.length).toBe(50);
    expect(existsSync(join(boot.dataDir, "milady-damage.json"))).toBe(false);
  }, 300_000);
});

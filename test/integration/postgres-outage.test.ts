// The PostgreSQL server goes away under a running Milady (pg_ctl stop on the test's own
// PostgreSQL 17 + pgvector) and comes back (pg_ctl start): the status says the database cannot
// be reached and why, a message sent meanwhile gets a clear error (never a 200 that is then
// lost), and once the server answers Milady works again without a restart, with every
// acknowledged message still there. Always on PostgreSQL (first pass only).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createDatabaseAdapter } from "@elizaos/plugin-sql";
import { isConnectionLost } from "../../src-agent/runtime/db-errors";
import { keepClientErrorsInThePool } from "../../src-agent/runtime/pg-client-errors";
import { sqlClientFromDb } from "../../src-agent/runtime/sql-client";
import { type MiladyProcess, postJson, removeDir, startMilady } from "../support/milady-process";
import { startPostgresWithPgvector, type TestPostgresServer } from "../support/postgres-pgvector";
import { until } from "../support/until";

let server: TestPostgresServer;
let milady: MiladyProcess;
beforeAll(async () => {
  server = await startPostgresWithPgvector();
  milady = await startMilady({ env: { POSTGRES_URL: await server.createDatabase("outage") } });
}, 300_000);
afterAll(async () => {
  await milady?.stop();
  if (milady) removeDir(milady.stateDir);
  await server?.stop();
});

const quiet = { error() {}, warn() {}, info() {}, debug() {} };
interface HeldClient {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  listenerCount(event: string): number;
  once(event: "end", listener: () => void): void;
  release(error?: unknown): void;
}
interface HeldPool {
  connect(): Promise<HeldClient>;
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

describe("a connection the server ends while plugin-sql holds it", () => {
  // node-postgres' pool (what plugin-sql uses) takes its error listener off a checked-out
  // client: the server's 57P01 then had nobody to hear it, which threw and killed the agent's
  // worker (bun test reports such an error as a failure of this file).
  test("is an error for the statement that uses it, not an uncaught one; the pool replaces it", async () => {
    const url = await server.createDatabase("terminated");
    const adapter = createDatabaseAdapter({ postgresUrl: url }, "00000000-0000-4000-8000-00000000a001");
    // plugin-sql's own pool, as the agent gets it (start-agent.ts), guarded before its first connection.
    const pool = sqlClientFromDb(adapter.db) as unknown as HeldPool;
    keepClientErrorsInThePool(pool, quiet);
    let held: HeldClient | undefined;
    try {
      held = await pool.connect();
      const client = held;
      expect(client.listenerCount("error")).toBeGreaterThanOrEqual(1);
      const pid = (await client.query("SELECT pg_backend_pid() AS pid")).rows[0]?.pid;
      // Ended while idle in the caller's hands (no statement on it), as between a transaction's statements.
      const ended = new Promise<void>((resolve) => client.once("end", resolve));
      await pool.query("SELECT pg_terminate_backend($1)", [pid]);
      await until(() => Promise.race([ended.then(() => true), Bun.sleep(100).then(() => false)]), 30_000, "the end");
      const failure = await client.query("SELECT 1").then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isConnectionLost(failure)).toBe(true);
      client.release(failure);
      held = undefined;
      expect((await pool.query("SELECT 2 AS two")).rows[0]?.two).toBe(2);
    } finally {
      held?.release();
      await adapter.close();
    }
  }, 60_000);
});

describe("the PostgreSQL server goes away and comes back", () => {
  test("status degraded with a reason, a clear error meanwhile, recovery without a restart, nothing acknowledged lost", async () => {
    const { conversation } = await milady.json("/api/conversations", postJson({ title: "Outage" }));
    const path = `/api/conversations/${conversation.id}/messages`;
    const acknowledged: string[] = [];
    for (const text of ["before one", "before two"]) {
      const res = await milady.json(path, postJson({ text }));
      expect(res.reply.text).toBe(`Echo: ${text}`);
      acknowledged.push(text);
    }
    const before = await milady.json("/api/status");

    await server.halt();
    // Resumed even when a check fails: the next test needs the server.
    try {
      // Sent at once, before the watch has noticed: it may take the pool's connection attempts,
      // but it ends in an error too, never in a 200 for a message that was not stored.
      const early = milady.api(path, postJson({ text: "right after the stop" }));
      // Seen by the connection watch, without any message being sent.
      const down = await until(
        async () => {
          const s = await milady.json("/api/status");
          return s.db?.health === "degraded" ? s : undefined;
        },
        60_000,
        "the status to show the database degraded",
      );
      expect(down.db.problem.code).toBe("db_error");
      expect(down.db.problem.message).toContain("PostgreSQL server cannot be reached");
      expect(down.db.problem.fix).toContain("reconnects by itself");
      expect(JSON.stringify(down)).not.toContain("SELECT");

      const earlyResponse = await early;
      expect(earlyResponse.status).toBeGreaterThanOrEqual(500);
      expect((await earlyResponse.json()).error.code).toBe("db_error");

      // A message now fails clearly: an error status with the same reason, no reply.
      const during = await milady.api(path, postJson({ text: "during the outage" }));
      expect(during.status).toBeGreaterThanOrEqual(500);
      const { error } = await during.json();
      expect(error.code).toBe("db_error");
      expect(error.message).toContain("cannot be reached");
    } finally {
      await server.resume();
    }
    await until(
      async () => (await milady.json("/api/status")).db?.health !== "degraded",
      30_000,
      "the status to show the database healthy again",
    );
    const after = await milady.json(path, postJson({ text: "after the outage" }));
    expect(after.reply.text).toBe("Echo: after the outage");
    acknowledged.push("after the outage");

    const texts = ((await milady.json(path)).messages as { role: string; text: string }[])
      .filter((m) => m.role === "user")
      .map((m) => m.text);
    for (const text of acknowledged) expect(texts).toContain(text);
    // The same agent start: neither Milady nor its agent restarted.
    const now = await milady.json("/api/status");
    expect(now.state).toBe("running");
    expect(now.restarts).toBe(before.restarts);
    expect(now.startedAt).toBe(before.startedAt);
  }, 240_000);

  test("a start while the server is down says so, is retried, and runs once the server is up", async () => {
    const url = await server.createDatabase("late");
    await server.halt();
    const late = await startMilady({ env: { POSTGRES_URL: url }, waitForAgent: false });
    try {
      const failed = await until(
        async () => {
          const s = await late.json("/api/status");
          return s.lastError?.message?.includes("cannot be reached") ? s : undefined;
        },
        60_000,
        "the start to fail on the missing server",
      );
      expect(failed.lastError.code).toBe("db_error");
      expect(failed.lastError.fix).toContain("retries the start by itself");
      expect(JSON.stringify(failed)).not.toContain("Failed query");
      await server.resume();
      await until(async () => (await late.json("/api/status")).state === "running", 90_000, "the retried start");
      const { conversation } = await late.json("/api/conversations", postJson({}));
      const res = await late.json(`/api/conversations/${conversation.id}/messages`, postJson({ text: "late hello" }));
      expect(res.reply.text).toBe("Echo: late hello");
    } finally {
      await late.stop();
      removeDir(late.stateDir);
    }
  }, 240_000);
});

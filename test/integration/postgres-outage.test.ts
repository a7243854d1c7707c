// The PostgreSQL server goes away under a running Milady (pg_ctl stop on the test's own
// PostgreSQL 17 + pgvector) and comes back (pg_ctl start): the status says the database cannot
// be reached and why, a message sent meanwhile gets a clear error (never a 200 that is then
// lost), and once the server answers Milady works again without a restart, with every
// acknowledged message still there. Always on PostgreSQL (first pass only).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
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

    await server.resume();
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

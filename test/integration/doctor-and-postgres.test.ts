// `milady doctor` changes nothing, and a PostgreSQL server without pgvector (Debian 12's
// postgresql-15, started by the test on loopback) is named as such, by doctor and by a start;
// one with pgvector (PostgreSQL 17 from the test chroot) passes. Own servers: first pass only.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SQL } from "bun";
import { MAIN, removeDir, startMilady, tempStateDir } from "../support/milady-process";
import { startPostgres15, type TestPostgres } from "../support/postgres";
import { sharedPostgres } from "../support/test-database";
import { until } from "../support/until";

async function doctor(stateDir: string, env: Record<string, string> = {}) {
  const proc = Bun.spawn([process.execPath, MAIN, "doctor", "--json", "--state-dir", stateDir], {
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, NO_COLOR: "1", MILADY_STATE_DIR: "", POSTGRES_URL: "", ...env },
  });
  const [stdout, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
  const report = JSON.parse(stdout) as {
    ok: boolean;
    checks: { name: string; status: string; detail: string; fix?: string }[];
  };
  return { code, byName: Object.fromEntries(report.checks.map((c) => [c.name, c])) };
}

describe("doctor on a fresh state dir", () => {
  test("creates nothing, says the config is the defaults and the database comes at the first start", async () => {
    const parent = tempStateDir("milady-doctor-");
    const stateDir = join(parent, "never-started");
    const { byName } = await doctor(stateDir);
    expect(byName.config.detail).toContain("no config file (defaults)");
    expect(byName["state directory"]).toMatchObject({
      status: "ok",
      detail: expect.stringContaining("does not exist yet"),
    });
    expect(byName.database).toMatchObject({ status: "ok", detail: expect.stringContaining("no database yet") });
    expect(existsSync(stateDir)).toBe(false);
    expect(readdirSync(parent)).toEqual([]);
    removeDir(parent);
  });
});

describe("PostgreSQL without pgvector", () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startPostgres15();
  }, 120_000);
  afterAll(() => pg?.stop());

  test("doctor connects, reports the server version and names the missing pgvector with a fix", async () => {
    const stateDir = tempStateDir("milady-doctor-pg-");
    const { code, byName } = await doctor(stateDir, { POSTGRES_URL: pg.url });
    expect(code).toBe(1);
    expect(byName.database.status).toBe("fail");
    expect(byName.database.detail).toContain("PostgreSQL 15");
    expect(byName.database.detail).toContain("pgvector");
    expect(byName.database.fix).toContain("pgvector");
    const unreachable = await doctor(stateDir, { POSTGRES_URL: pg.url.replace(`:${pg.port}`, ":1") });
    expect(unreachable.byName.database).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("cannot reach"),
    });
    removeDir(stateDir);
  }, 120_000);

  test("a start says pgvector is missing: no SQL, no advice to move a data directory", async () => {
    const milady = await startMilady({ env: { POSTGRES_URL: pg.url }, waitForAgent: false });
    try {
      const status = await until(
        async () => {
          const s = await milady.json("/api/status");
          return s.state === "error" ? s : undefined;
        },
        60_000,
        "the agent to fail its start",
      );
      expect(status.lastError.code).toBe("db_error");
      expect(status.lastError.message).toContain("pgvector");
      expect(status.lastError.fix).toContain("pgvector");
      const text = JSON.stringify(status);
      expect(text).not.toContain("CREATE TABLE");
      expect(text).not.toContain("data directory");
    } finally {
      await milady.stop();
      removeDir(milady.stateDir);
    }
  }, 120_000);
});

describe("doctor on PostgreSQL with pgvector (Debian 13's PostgreSQL 17 from the test chroot)", () => {
  test("ok with the version and pgvector; provider postgres without a URL names the fix; the password never shows", async () => {
    const stateDir = tempStateDir("milady-doctor-pg17-");
    const url = (await (await sharedPostgres()).createDatabase("doctor")).replace("postgres@", "postgres:hunter22@");
    const good = await doctor(stateDir, { POSTGRES_URL: url });
    // Plain matchers: bun's toMatchObject with expect.stringContaining replaced the string it matched.
    expect(good.byName.database.status).toBe("ok");
    expect(good.byName.database.detail).toContain("PostgreSQL 17");
    expect(good.byName.database.detail).toContain("pgvector");
    expect(JSON.stringify(good.byName)).not.toContain("hunter22");

    // A user that is not a superuser cannot enable pgvector (it is not a trusted extension).
    const admin = new SQL({ url: url.replace(":hunter22", ""), max: 1 });
    await admin.unsafe("CREATE ROLE plain LOGIN");
    await admin.close();
    const plain = await doctor(stateDir, { POSTGRES_URL: url.replace("postgres:hunter22@", "plain@") });
    expect(plain.byName.database.status).toBe("fail");
    expect(plain.byName.database.detail).toContain("may not enable it");
    expect(plain.byName.database.fix).toContain("CREATE EXTENSION vector");

    writeFileSync(join(stateDir, "milady.json"), JSON.stringify({ database: { provider: "postgres" } }));
    const missing = await doctor(stateDir);
    expect(missing.code).toBe(1);
    expect(missing.byName.database.status).toBe("fail");
    expect(missing.byName.database.detail).toContain("no PostgreSQL URL");
    expect(missing.byName.database.fix).toContain("POSTGRES_URL");
    // A start says the same, instead of falling back to PGlite behind the user's back.
    const milady = await startMilady({ stateDir, waitForAgent: false, env: { POSTGRES_URL: "" } });
    try {
      const status = await until(
        async () => {
          const s = await milady.json("/api/status");
          return s.state === "error" ? s : undefined;
        },
        60_000,
        "the agent to refuse its start",
      );
      expect(status.lastError.message).toContain("no PostgreSQL URL");
      expect(status.lastError.fix).toContain("database.postgresUrl");
    } finally {
      await milady.stop();
      removeDir(stateDir);
    }
  }, 300_000);
});

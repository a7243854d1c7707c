// The connection watch with a scripted SQL client (the real server going away is
// test/integration/postgres-outage.test.ts): a refused connection degrades the health with the
// "cannot be reached" reason; the first answer afterwards clears it; other failures are left alone.
import { describe, expect, test } from "bun:test";
import { until } from "../../test/support/until";
import { DB_UNREACHABLE_MESSAGE, databaseFailure, isConnectionLost } from "./db-errors";
import { DbHealth } from "./db-health";
import { watchPostgres } from "./postgres-watch";

const FAST = { healthyMs: 20, downMs: 20, probeTimeoutMs: 1_000 };
const quiet = { error() {}, warn() {}, info() {}, debug() {} };
const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });

describe("PostgreSQL connection errors", () => {
  test("a refused or terminated connection is 'cannot be reached', a refused statement is not", () => {
    expect(isConnectionLost(refused)).toBe(true);
    expect(isConnectionLost(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(
      isConnectionLost(
        Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }),
      ),
    ).toBe(true);
    const wrapped = new Error("Failed query: insert into memories ... params: secret text", { cause: refused });
    expect(databaseFailure(wrapped)?.message).toBe(DB_UNREACHABLE_MESSAGE);
    expect(JSON.stringify(databaseFailure(wrapped))).not.toContain("secret text");
    const duplicate = Object.assign(new Error("duplicate key value violates unique constraint"), { code: "23505" });
    expect(isConnectionLost(duplicate)).toBe(false);
    expect(databaseFailure(duplicate)?.message).toContain("refused the change");
  });
});

describe("watchPostgres", () => {
  test("degraded while the probe is refused, ok at the first answer, then quiet", async () => {
    const events: { health: string; problem?: { message: string } }[] = [];
    const health = new DbHealth(((_c: unknown, _n: unknown, payload: never) => events.push(payload)) as never);
    let up = true;
    let probes = 0;
    const sql = {
      query: async () => {
        probes++;
        if (!up) throw refused;
        return { rows: [] };
      },
    };
    // A turn saw the server go away first: the watch probes fast from then on.
    up = false;
    health.failed(databaseFailure(refused)!, refused);
    const stop = watchPostgres(sql as never, health, quiet, FAST);
    try {
      await until(() => probes >= 1, 5_000, "a probe");
      expect(health.degraded?.message).toBe(DB_UNREACHABLE_MESSAGE);
      up = true;
      await until(() => health.degraded === undefined, 5_000, "the health to recover");
      expect(events.map((e) => e.health)).toEqual(["degraded", "ok"]);
    } finally {
      stop();
    }
  });

  test("a problem that is not a lost connection (a refused write) is not cleared by a probe", async () => {
    const health = new DbHealth(() => undefined);
    health.failed({ code: "db_error", message: "the database refused the change (SQLSTATE 23505)" });
    let probes = 0;
    const stop = watchPostgres({ query: async () => ({ rows: [probes++] }) } as never, health, quiet, FAST);
    try {
      await until(() => probes >= 3, 5_000, "three probes");
      expect(health.degraded?.message).toContain("refused the change");
    } finally {
      stop();
    }
  });
});

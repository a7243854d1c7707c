/**
 * The database the integration tests give each Milady they start: PGlite in its state dir (the
 * default), or with `MILADY_TEST_DB=postgres` a fresh database per state dir on one PostgreSQL 17
 * + pgvector server shared by the whole test process (started at the first use, stopped at exit).
 * A state dir started again (restart tests) gets its own database back.
 */
import { startPostgresWithPgvector, type TestPostgresServer } from "./postgres-pgvector";

export type TestDb = "pglite" | "postgres";

export function testDb(): TestDb {
  const value = process.env.MILADY_TEST_DB ?? "pglite";
  if (value !== "pglite" && value !== "postgres") {
    throw new Error(`MILADY_TEST_DB must be "pglite" or "postgres", not "${value}"`);
  }
  return value;
}

let shared: Promise<TestPostgresServer> | undefined;
const byStateDir = new Map<string, string>();

/** The one server of this test process (also for tests that need PostgreSQL whatever MILADY_TEST_DB says). */
export function sharedPostgres(): Promise<TestPostgresServer> {
  shared ??= startPostgresWithPgvector().then((server) => {
    process.once("exit", () => server.stopSync());
    return server;
  });
  return shared;
}

/** The env that points a Milady started on `stateDir` at its database ({} on PGlite). */
export async function databaseEnv(stateDir: string): Promise<Record<string, string>> {
  if (testDb() !== "postgres") return {};
  let url = byStateDir.get(stateDir);
  if (!url) {
    url = await (await sharedPostgres()).createDatabase("milady_it");
    byStateDir.set(stateDir, url);
  }
  return { POSTGRES_URL: url };
}

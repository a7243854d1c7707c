import { SQL } from "bun";
import { maskUrlCredentials } from "../../src-shared/config";
import { PGVECTOR_FIX } from "../../src-shared/protocol";
import type { CheckResult } from "./doctor-checks";

/**
 * The oldest PostgreSQL Milady accepts: plugin-sql 1.7.2's migrations were tested here on 15 and
 * 17; 14 is the oldest release its SQL (gen_random_uuid, jsonb, identity columns) and pgvector
 * 0.8 both support. Older servers fail in the middle of a migration, so doctor says so first.
 */
export const MIN_POSTGRES_MAJOR = 14;

/** Connects to the configured PostgreSQL and checks what plugin-sql needs: a server that answers, a recent version, and pgvector. */
export async function checkPostgres(url: string): Promise<CheckResult> {
  const where = maskUrlCredentials(url);
  const sql = new SQL(url, { connectionTimeout: 5, max: 1 });
  try {
    const [version] =
      await sql`select current_setting('server_version') as v, current_setting('server_version_num')::int as n`;
    const [vector] = await sql`select installed_version from pg_available_extensions where name = 'vector'`;
    const { v, n } = version as { v: string; n: number };
    const server = `PostgreSQL ${v} at ${where}`;
    if (Math.floor(n / 10000) < MIN_POSTGRES_MAJOR) {
      return {
        name: "database",
        status: "fail",
        detail: `${server} is too old (Milady needs PostgreSQL ${MIN_POSTGRES_MAJOR} or newer)`,
        fix: `Upgrade the server to PostgreSQL ${MIN_POSTGRES_MAJOR}+ with pgvector (e.g. Debian 13's postgresql-17 and postgresql-17-pgvector), or point database.postgresUrl at one that is.`,
      };
    }
    if (!vector) {
      return { name: "database", status: "fail", detail: `${server} has no pgvector extension`, fix: PGVECTOR_FIX };
    }
    const installed = (vector as { installed_version: string | null }).installed_version;
    if (!installed) {
      // pgvector is not a trusted extension (its control file says so): only a superuser may
      // CREATE EXTENSION it. Say so before the first start fails on it.
      const [can] = await sql`select rolsuper as ok from pg_roles where rolname = current_user`;
      if (!(can as { ok: boolean }).ok) {
        return {
          name: "database",
          status: "fail",
          detail: `${server}: pgvector is installed but not enabled in this database, and this user may not enable it`,
          fix: "As a superuser, run CREATE EXTENSION vector; in this database once, then start Milady.",
        };
      }
    }
    return {
      name: "database",
      status: "ok",
      detail: `${server}; pgvector ${installed ? `${installed} is enabled` : "is available (enabled at the first start)"}`,
    };
  } catch (error) {
    return {
      name: "database",
      status: "fail",
      detail: `cannot reach PostgreSQL at ${where}: ${(error as Error).message}`,
      fix: "check that the server runs and that database.postgresUrl / POSTGRES_URL (host, port, user, password, database) is right",
    };
  } finally {
    await sql.close().catch(() => undefined);
  }
}

import { SQL } from "bun";
import { maskUrlCredentials } from "../../src-shared/config";
import { PGVECTOR_FIX } from "../../src-shared/protocol";
import type { CheckResult } from "./doctor-checks";

/** Connects to the configured PostgreSQL and checks what plugin-sql needs: a server that answers, and pgvector. */
export async function checkPostgres(url: string): Promise<CheckResult> {
  const where = maskUrlCredentials(url);
  const sql = new SQL(url, { connectionTimeout: 5, max: 1 });
  try {
    const [version] = await sql`select current_setting('server_version') as v`;
    const [vector] = await sql`select installed_version from pg_available_extensions where name = 'vector'`;
    const server = `PostgreSQL ${(version as { v: string }).v} at ${where}`;
    if (!vector) {
      return { name: "database", status: "fail", detail: `${server} has no pgvector extension`, fix: PGVECTOR_FIX };
    }
    const installed = (vector as { installed_version: string | null }).installed_version;
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

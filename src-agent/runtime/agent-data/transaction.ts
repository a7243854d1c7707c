import type { SqlClient } from "../sql-client";

interface PgliteLike extends SqlClient {
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
}
interface PoolLike extends SqlClient {
  connect(): Promise<SqlClient & { release(): void }>;
}

/**
 * Runs `fn` in one transaction on the database behind the drizzle client: PGlite's own
 * transaction (one connection; other queries wait for it), or a connection taken from
 * node-postgres' Pool (BEGIN/COMMIT through pool.query could land on different connections).
 * A read is REPEATABLE READ, so an export is one consistent snapshot while the agent keeps writing.
 */
export async function inTransaction<T>(
  client: SqlClient,
  mode: "read" | "write",
  fn: (sql: SqlClient) => Promise<T>,
): Promise<T> {
  const begin = mode === "read" ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN";
  if (typeof (client as PoolLike).connect === "function") {
    const conn = await (client as PoolLike).connect();
    try {
      await conn.query(begin);
      const result = await fn(conn);
      await conn.query("COMMIT");
      return result;
    } catch (error) {
      await conn.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      conn.release();
    }
  }
  if (typeof (client as PgliteLike).transaction === "function") {
    return (client as PgliteLike).transaction(async (tx) => {
      if (mode === "read") await tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
      return fn(tx);
    });
  }
  throw new Error("the database client supports no transactions (neither PGlite nor a node-postgres Pool)");
}

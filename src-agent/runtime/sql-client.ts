/**
 * The one raw-SQL surface the agent uses: both PGlite and node-postgres' Pool expose
 * `query(text, params) -> {rows}` as the drizzle client's `$client`.
 */
export interface SqlClient {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

export function sqlClientFromDb(db: unknown): SqlClient {
  const client = (db as { $client?: SqlClient } | null)?.$client;
  if (!client || typeof client.query !== "function") {
    throw new Error("the database adapter exposes no SQL client ($client.query)");
  }
  return client;
}

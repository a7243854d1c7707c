import type { TableRepair } from "../../src-shared/protocol";
import type { DamagedTable } from "./db-probe";
import type { SqlClient } from "./sql-client";

/**
 * Rebuilds damaged tables from the rows PostgreSQL can still read: with zero_damaged_pages a
 * page whose header is garbage, or one past the end of a truncated file, reads as empty instead
 * of failing, and VACUUM FULL writes the readable rows into a new file and rebuilds every index
 * (PGlite 0.3.8 supports both; measured on garbage pages and truncated heap and index files).
 * The caller keeps a copy of the database first: the rows on damaged pages are gone afterwards.
 */
export async function rebuildTables(sql: SqlClient, tables: DamagedTable[]): Promise<TableRepair[]> {
  const repairs: TableRepair[] = [];
  await sql.query("SET zero_damaged_pages = on");
  try {
    for (const table of tables) {
      await sql.query(`VACUUM FULL ${table.sqlName}`);
      const { rows } = await sql.query<{ n: string | number }>(`SELECT count(*) AS n FROM ${table.sqlName}`);
      repairs.push({ table: table.name, damage: table.damage, rowsKept: Number(rows[0]?.n ?? 0) });
    }
  } finally {
    await sql.query("RESET zero_damaged_pages");
  }
  return repairs;
}

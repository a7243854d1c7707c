import type { SqlClient } from "../sql-client";
import { type DataTable, quoteIdent } from "./data-tables";

/**
 * Rows travel as the text of `to_jsonb(row)` and come back through `jsonb_populate_recordset`:
 * PostgreSQL converts every column both ways itself (uuid, jsonb, text[], bytea as \x hex,
 * pgvector as '[..]', timestamps to the microsecond, int8 beyond 2^53), and the text is never
 * parsed by JavaScript, whose numbers would round int8. Measured exact on PGlite 0.3.8.
 */
export type RowText = string;

const BATCH = 500;

/** Reads a table's rows (the agent's, or all) in batches; call inside one read transaction. */
export async function* readRows(sql: SqlClient, table: DataTable, agentId?: string): AsyncGenerator<RowText[]> {
  const where = table.where ? `WHERE ${table.where}` : "";
  const params = table.where ? [agentId] : [];
  // ctid order is stable inside one snapshot, so OFFSET pages neither skip nor repeat rows.
  for (let offset = 0; ; offset += BATCH) {
    const { rows } = await sql.query<{ row: string }>(
      `SELECT to_jsonb(t)::text AS row FROM ${quoteIdent(table.name)} t ${where} ORDER BY t.ctid LIMIT ${BATCH} OFFSET ${offset}`,
      params,
    );
    if (rows.length > 0) yield rows.map((r) => r.row);
    if (rows.length < BATCH) return;
  }
}

export interface WriteOptions {
  /** "skip": a row whose key is already there stays as it is (the agent row a start created). */
  onConflict: "fail" | "skip";
}

/**
 * Inserts rows into a table of the same name. Only the columns both sides have are written, so
 * a column the target added later keeps its default; a column the target lacks is reported.
 */
export async function writeRows(
  sql: SqlClient,
  table: string,
  rows: RowText[],
  options: WriteOptions,
): Promise<{ written: number; droppedColumns: string[] }> {
  if (rows.length === 0) return { written: 0, droppedColumns: [] };
  const { rows: cols } = await sql.query<{ name: string }>(
    `SELECT a.attname AS name FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relname = $1 AND a.attnum > 0 AND NOT a.attisdropped`,
    [table],
  );
  if (cols.length === 0) throw new Error(`the target database has no table "${table}"`);
  const targetCols = new Set(cols.map((c) => c.name));
  const sourceCols = new Set<string>();
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    for (const row of batch) for (const key of Object.keys(JSON.parse(row))) sourceCols.add(key);
  }
  const shared = [...sourceCols]
    .filter((c) => targetCols.has(c))
    .map(quoteIdent)
    .join(", ");
  const droppedColumns = [...sourceCols].filter((c) => !targetCols.has(c));
  const conflict = options.onConflict === "skip" ? "ON CONFLICT DO NOTHING" : "";
  let written = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const result = (await sql.query(
      `INSERT INTO ${quoteIdent(table)} (${shared}) SELECT ${shared} FROM jsonb_populate_recordset(NULL::${quoteIdent(table)}, $1::jsonb) ${conflict}`,
      [`[${batch.join(",")}]`],
    )) as { rows: unknown[]; affectedRows?: number; rowCount?: number };
    written += result.affectedRows ?? result.rowCount ?? batch.length;
  }
  return { written, droppedColumns };
}

/** Row counts per table (the agent's, or all): what a copy is checked against. */
export async function countRows(
  sql: SqlClient,
  tables: DataTable[],
  agentId?: string,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const where = table.where ? `WHERE ${table.where}` : "";
    const { rows } = await sql.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM ${quoteIdent(table.name)} t ${where}`,
      table.where ? [agentId] : [],
    );
    counts[table.name] = Number(rows[0]?.n ?? 0);
  }
  return counts;
}

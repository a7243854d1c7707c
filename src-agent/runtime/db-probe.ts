import { type FileRecord, fileBytes } from "./db-file-record";
import { isPgliteCorruption } from "./pglite-recovery";
import type { SqlClient } from "./sql-client";

/** A table whose pages the probe could not read, and how it knew. */
export interface DamagedTable {
  /** Quoted, schema-qualified name for SQL (`"public"."memories"`). */
  sqlName: string;
  /** The name users see: `memories`, or `migrations._journal` outside `public`. */
  name: string;
  damage: "unreadable_pages" | "missing_pages" | "reported_at_runtime";
}

export interface ProbeResult {
  tables: number;
  rows: number;
  /** Tables whose primary key was walked (those the file record could not vouch for). */
  walked: number;
  ms: number;
  damaged: DamagedTable[];
  /** Every table of the agent's (for a repair of everything). */
  all: Array<Omit<DamagedTable, "damage">>;
  /** Every file of the agent's tables and its bytes now: the next start's record. */
  files: Record<string, number>;
}

/** One file of a table: its heap, its TOAST table, or one of their indexes (`key`: the primary key). */
interface RelationRow {
  schema: string;
  name: string;
  role: "heap" | "toast" | "key" | "index";
  /** The relation as SQL names it (`pg_toast.pg_toast_16835` for a TOAST table). */
  rel: string;
  /** Its file, relative to the data directory. */
  file: string;
  /** The pages the catalog recorded (VACUUM, ANALYZE and CREATE INDEX set it). */
  pages: number;
  /** Primary key columns in key order (role `key` only). */
  key: string[] | null;
}

interface Table {
  schema: string;
  name: string;
  files: Array<RelationRow & { bytes: number }>;
}

const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;
const sqlName = (t: { schema: string; name: string }) => `${ident(t.schema)}.${ident(t.name)}`;
const shownName = (t: { schema: string; name: string }) => (t.schema === "public" ? t.name : `${t.schema}.${t.name}`);

/** Every file of the agent's own tables (ordinary, permanent tables outside PostgreSQL's schemas), in one catalog read. */
const RELATIONS = `
  WITH t AS (
    SELECT c.oid, n.nspname AS schema, c.relname AS name, c.reltoastrelid
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = 'r' AND c.relpersistence = 'p'
       AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'),
  owned AS (
    SELECT schema, name, oid AS rel, 'heap' AS role FROM t
    UNION ALL SELECT schema, name, reltoastrelid, 'toast' FROM t WHERE reltoastrelid <> 0),
  rels AS (
    SELECT schema, name, rel, role FROM owned
    UNION ALL
    SELECT o.schema, o.name, i.indexrelid, CASE WHEN i.indisprimary AND o.role = 'heap' THEN 'key' ELSE 'index' END
      FROM owned o JOIN pg_index i ON i.indrelid = o.rel)
  SELECT r.schema, r.name, r.role, r.rel::regclass::text AS rel, pg_relation_filepath(r.rel) AS file,
         c.relpages AS pages,
         CASE WHEN r.role = 'key' THEN
           (SELECT array_agg(a.attname::text ORDER BY k.ord)
              FROM pg_index i
              CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
             WHERE i.indexrelid = r.rel)
         END AS key
    FROM rels r JOIN pg_class c ON c.oid = r.rel
   ORDER BY 1, 2`;

const PAGE_BYTES = 8192;

/** Reads every heap page (a sequential count): a page whose header is garbage fails here. */
const heapRead = (t: Table) => `(SELECT count(*) FROM ${sqlName(t)})`;
const toastRead = (rel: string) => `(SELECT count(*) FROM ${rel})`;
/**
 * Walks the primary key and fetches each row it points to (ctid is not in the index, so this
 * cannot be an index-only scan): a row on a page the file no longer has fails here, which a
 * sequential read cannot see because it stops at the file's end.
 */
const keyRead = (t: Table, key: string[]) =>
  `(SELECT count(*) FROM (SELECT ctid FROM ${sqlName(t)} ORDER BY ${key.map(ident).join(", ")}) AS k)`;

/**
 * The integrity probe, cheap enough for every start (README.md, "State directory", has the
 * cost): one catalog read, a stat per file, one query that reads every page of every table
 * (garbage pages fail there) and, only for tables the file record cannot vouch for, a walk
 * of the primary key (pages cut off the end of a file fail there). It changes nothing.
 *
 * Damage is a file shorter than the catalog or the record says, or a read that fails with a
 * corruption pattern. Any other failure of the probe itself is `skipped`: a probe bug must not
 * block a healthy start. Empty files are not read: there is nothing in them.
 */
export async function probeDatabase(
  sql: SqlClient,
  dataDir: string,
  record?: FileRecord,
): Promise<ProbeResult | { skipped: string }> {
  const started = performance.now();
  try {
    const tables = new Map<string, Table>();
    for (const row of (await sql.query<RelationRow>(RELATIONS)).rows) {
      const id = sqlName(row);
      const table = tables.get(id) ?? { schema: row.schema, name: row.name, files: [] };
      table.files.push({ ...row, bytes: fileBytes(dataDir, row.file) });
      tables.set(id, table);
    }
    const damaged = new Map<string, DamagedTable>();
    const mark = (t: Table, damage: DamagedTable["damage"]) => {
      if (!damaged.has(sqlName(t))) damaged.set(sqlName(t), { sqlName: sqlName(t), name: shownName(t), damage });
    };
    const recorded = (file: string) => record?.files[file] ?? 0;
    for (const t of tables.values()) {
      if (t.files.some((f) => f.bytes < Math.max(f.pages * PAGE_BYTES, recorded(f.file)))) mark(t, "missing_pages");
    }

    const readable = [...tables.values()].filter((t) => !damaged.has(sqlName(t)));
    const file = (t: Table, role: RelationRow["role"]) => t.files.find((f) => f.role === role);
    const heap = readable
      .filter((t) => (file(t, "heap")?.bytes ?? 0) > 0)
      .map((t) => ({ table: t, expr: heapRead(t) }));
    const toast = readable.flatMap((t) => {
      const f = file(t, "toast");
      return f && f.bytes > 0 ? [{ table: t, expr: toastRead(f.rel) }] : [];
    });
    const counts = await withPlan(sql, SEQUENTIAL_ONLY, () => readAll(sql, [...heap, ...toast], mark));
    const rows = counts.slice(0, heap.length).reduce((sum, n) => sum + n, 0);

    // A file at least as long as after a clean stop lost no page: the walk is only for the others.
    // An index of more than its metapage points at rows: walk it even when the heap looks empty.
    const vouched = (t: Table) => record?.cleanStop === true && t.files.every((f) => f.file in record.files);
    const keyed = readable.flatMap((t) => {
      const f = file(t, "key");
      return f?.key?.length && f.bytes > PAGE_BYTES && !damaged.has(sqlName(t)) && !vouched(t)
        ? [{ table: t, expr: keyRead(t, f.key) }]
        : [];
    });
    if (keyed.length > 0) await withPlan(sql, INDEX_SCANS_ONLY, () => readAll(sql, keyed, mark));

    const files = Object.fromEntries([...tables.values()].flatMap((t) => t.files.map((f) => [f.file, f.bytes])));
    return {
      tables: tables.size,
      rows,
      walked: keyed.length,
      ms: Math.round(performance.now() - started),
      damaged: [...damaged.values()],
      all: [...tables.values()].map((t) => ({ sqlName: sqlName(t), name: shownName(t) })),
      files,
    };
  } catch (error) {
    return { skipped: error instanceof Error ? error.message.split("\n")[0]! : String(error) };
  }
}

/**
 * Runs every read in one query (the healthy case costs one round trip); when that fails with a
 * corruption pattern, reads table by table to name the damaged ones. Returns each read's count
 * (0 for a damaged one).
 */
async function readAll(
  sql: SqlClient,
  reads: Array<{ table: Table; expr: string }>,
  damaged: (t: Table, damage: DamagedTable["damage"]) => void,
): Promise<number[]> {
  if (reads.length === 0) return [];
  try {
    const { rows } = await sql.query<Record<string, string | number>>(
      `SELECT ${reads.map((r, i) => `${r.expr} AS c${i}`).join(", ")}`,
    );
    return reads.map((_, i) => Number(rows[0]?.[`c${i}`] ?? 0));
  } catch (error) {
    if (!isPgliteCorruption(error)) throw error;
  }
  const counts: number[] = [];
  for (const read of reads) {
    try {
      const { rows } = await sql.query<{ n: string | number }>(`SELECT ${read.expr} AS n`);
      counts.push(Number(rows[0]?.n ?? 0));
    } catch (error) {
      if (!isPgliteCorruption(error)) throw error;
      damaged(read.table, damageOf(error));
      counts.push(0);
    }
  }
  return counts;
}

/** "could not read blocks 93..93 in file ...: read only 0 of 8192 bytes" is a page past the file's end. */
function damageOf(error: unknown): DamagedTable["damage"] {
  const text = error instanceof Error ? error.message : String(error);
  return /could not read block|read only \d+ of/i.test(text) ? "missing_pages" : "unreadable_pages";
}

/**
 * The planner's choices the reads depend on. A count may otherwise come from an index-only scan
 * of a small index (never touching the heap), and a key walk from a bitmap scan, which skips
 * rows past the end of the file instead of failing. The session is the agent's own and nothing
 * else runs during the check.
 */
const SEQUENTIAL_ONLY = ["enable_indexscan", "enable_indexonlyscan", "enable_bitmapscan"];
const INDEX_SCANS_ONLY = ["enable_seqscan", "enable_bitmapscan", "enable_sort"];

/** One round trip each way; back to "on", the default of every enable_* setting (Milady never changes them). */
async function withPlan<T>(sql: SqlClient, off: string[], fn: () => Promise<T>): Promise<T> {
  const set = (value: "on" | "off") =>
    `SELECT ${off.map((name) => `set_config('${name}', '${value}', false)`).join(", ")}`;
  await sql.query(set("off"));
  try {
    return await fn();
  } finally {
    await sql.query(set("on"));
  }
}

import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { installedVersion } from "./db-template";
import type { SqlClient } from "./sql-client";

/**
 * plugin-sql's migrations on a database they already brought up to date change nothing, yet
 * cost ~100 ms of every start (catalog reads, CREATE EXTENSION IF NOT EXISTS, the schema's
 * snapshot built and hashed in JS, the hash compared with the last migration record). After
 * they succeed on PGlite, Milady records what they ran with in the data directory; the next
 * start skips them only when nothing they depend on can have changed:
 *
 * - the same @elizaos/plugin-sql (the schema and the migrator are its code) and @elizaos/core
 *   (which hands the schemas over), and the same plugins carrying a schema;
 * - data isolation off (with it on, plugin-sql re-applies row-level security at every start);
 * - and the database agrees: each plugin's last migration record is the one recorded (another
 *   version or tool that migrated it since left a newer one), both extensions are installed
 *   and no public table has row-level security (which plugin-sql's start would switch off).
 *
 * A database just copied from the migrated template (same plugin-sql and PGlite, db-template.ts)
 * counts as recorded: its migration records are the template's own. Without a record, or after
 * a repair or a replacement, the migrations run as before. A record that cannot be written only
 * makes the next start migrate again.
 */
const RECORD_FILE = "milady-schema.json";

export interface SchemaRecord {
  pluginSql: string;
  core: string;
  /** Plugin name -> the hash of its last migration record when the migrations last succeeded. */
  hashes: Record<string, string>;
}

const EXTENSIONS = ["vector", "fuzzystrmatch"];

const STATE = `
  SELECT
    (SELECT coalesce(json_object_agg(plugin_name, hash), '{}'::json) FROM (
       SELECT DISTINCT ON (plugin_name) plugin_name, hash FROM migrations._migrations
        ORDER BY plugin_name, created_at DESC, id DESC) last) AS hashes,
    (SELECT count(*)::int FROM pg_extension WHERE extname = ANY($1::text[])) AS extensions,
    (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relrowsecurity) AS secured`;

interface DbState {
  hashes: Record<string, string>;
  extensions: number;
  secured: number;
}

async function readState(sql: SqlClient): Promise<DbState | undefined> {
  try {
    const { rows } = await sql.query<DbState>(STATE, [EXTENSIONS]);
    const row = rows[0];
    const hashes = typeof row?.hashes === "string" ? JSON.parse(row.hashes) : row?.hashes;
    return row ? { hashes: hashes ?? {}, extensions: Number(row.extensions), secured: Number(row.secured) } : undefined;
  } catch {
    return undefined; // no migrations schema yet: the migrations make it
  }
}

export function readSchemaRecord(dataDir: string): SchemaRecord | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, RECORD_FILE), "utf8")) as Partial<SchemaRecord>;
    if (typeof parsed.pluginSql !== "string" || typeof parsed.core !== "string") return undefined;
    if (!parsed.hashes || typeof parsed.hashes !== "object") return undefined;
    return { pluginSql: parsed.pluginSql, core: parsed.core, hashes: parsed.hashes };
  } catch {
    return undefined;
  }
}

const versions = () => ({
  pluginSql: installedVersion("@elizaos/plugin-sql"),
  core: installedVersion("@elizaos/core"),
});

const sameKeys = (a: Record<string, string>, keys: string[]) =>
  Object.keys(a).length === keys.length && keys.every((k) => k in a);

/**
 * Whether the migrations would find nothing to do. `plugins`: the names of the registered
 * plugins with a schema; `seeded`: the database is a fresh copy of a matching template.
 */
export async function schemaIsCurrent(
  sql: SqlClient,
  dataDir: string,
  plugins: string[],
  seeded: boolean,
): Promise<boolean> {
  if (process.env.ENABLE_DATA_ISOLATION === "true" || plugins.length === 0) return false;
  const record = readSchemaRecord(dataDir);
  const now = versions();
  if (seeded) {
    // The template holds plugin-sql's migrations only, made by this plugin-sql (templateMatches).
    if (plugins.length !== 1 || plugins[0] !== "@elizaos/plugin-sql") return false;
  } else if (!record || record.pluginSql !== now.pluginSql || record.core !== now.core) return false;
  else if (!sameKeys(record.hashes, plugins)) return false;
  const state = await readState(sql);
  if (!state || state.extensions !== EXTENSIONS.length || state.secured > 0) return false;
  return plugins.every((p) => state.hashes[p] !== undefined && (seeded || record?.hashes[p] === state.hashes[p]));
}

/** After the migrations succeeded (or a seeded start skipped them): what the next start compares with. */
export async function recordSchema(sql: SqlClient, dataDir: string, plugins: string[]): Promise<void> {
  const state = await readState(sql);
  if (!state || !plugins.every((p) => state.hashes[p] !== undefined)) return;
  const path = join(dataDir, RECORD_FILE);
  const hashes = Object.fromEntries(plugins.map((p) => [p, state.hashes[p]!]));
  const record: SchemaRecord = { ...versions(), hashes };
  try {
    writeFileSync(`${path}.tmp`, JSON.stringify(record));
    renameSync(`${path}.tmp`, path);
  } catch {
    // the next start migrates again
  }
}

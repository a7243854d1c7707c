import type { WireError } from "../../src-shared/protocol";
import { recordDamage } from "./db-damage-marker";
import type { SqlClient } from "./sql-client";

interface Located {
  sqlName: string;
  name: string;
}

/** The relation a PostgreSQL corruption error names: its file, an index or a TOAST table. */
function relationIn(text: string): { file?: string; index?: string; toast?: string } {
  return {
    file: /\b(base\/\d+\/\d+|global\/\d+)\b/.exec(text)?.[1],
    index: /\bindex "([^"]+)"/.exec(text)?.[1],
    toast: /\b(pg_toast_\d+)\b/.exec(text)?.[1],
  };
}

/** The agent's table that owns a relation (itself, its index, its TOAST table or the TOAST table's index). */
const OWNER = `
  SELECT n.nspname AS schema, t.relname AS name
    FROM pg_class r
    LEFT JOIN pg_index i ON i.indexrelid = r.oid
    JOIN pg_class base ON base.oid = coalesce(i.indrelid, r.oid)
    LEFT JOIN pg_class owner ON owner.reltoastrelid = base.oid
    JOIN pg_class t ON t.oid = coalesce(owner.oid, base.oid)
    JOIN pg_namespace n ON n.oid = t.relnamespace
   WHERE t.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
     AND (pg_relation_filepath(r.oid) = $1 OR (r.relname = $2 AND r.relkind = 'i') OR r.relname = $3)
   LIMIT 1`;

async function locate(sql: SqlClient, error: unknown): Promise<Located | undefined> {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    parts.push(e instanceof Error ? e.message : String(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  const { file, index, toast } = relationIn(parts.join("\n"));
  if (!file && !index && !toast) return undefined;
  try {
    const { rows } = await sql.query<{ schema: string; name: string }>(OWNER, [file ?? "", index ?? "", toast ?? ""]);
    const row = rows[0];
    if (!row) return undefined;
    const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
    return {
      sqlName: `${quote(row.schema)}.${quote(row.name)}`,
      name: row.schema === "public" ? row.name : `${row.schema}.${row.name}`,
    };
  } catch {
    return undefined;
  }
}

/**
 * What happens when a query fails with a corruption pattern while the agent runs: find the
 * table it was reading (the error names its file or index), leave a marker so the next start
 * repairs that table (keeping a backup first), and tell the user precisely what to do.
 */
export function damageWatch(deps: {
  sql: SqlClient;
  dataDir: string;
  damaged(problem: WireError): void;
  log: { warn(source: string, msg: string): void };
}): (error: unknown) => Promise<void> {
  return async (error) => {
    const table = await locate(deps.sql, error);
    recordDamage(deps.dataDir, table);
    const which = table ? `the ${table.name} table` : "a table";
    deps.log.warn("db", `the database is damaged (${which}); it is repaired at the next start`);
    deps.damaged({
      code: "db_error",
      message: `the database is damaged (${which} cannot be read)`,
      fix: `Restart the agent: Milady then repairs ${which} from the rows it can still read, after keeping a copy of the whole database.`,
    });
  };
}

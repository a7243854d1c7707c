import type { SqlClient } from "../sql-client";

/**
 * One table to copy, and which of its rows belong to an agent. `where` uses `$1` for the agent
 * id; null means every row (a whole-database copy, or a table no agent owns).
 */
export interface DataTable {
  name: string;
  where: string | null;
}

export type CopyScope =
  /** One agent's rows: what an export archive carries. */
  | "agent"
  /** Every row of every table: what moving a whole database (PGlite -> PostgreSQL) copies. */
  | "all";

/**
 * Tables that are not one agent's memory: `logs` holds model-call and evaluator traces (often
 * the biggest table, and rebuilt by use), and the message-server tables belong to elizaOS's
 * multi-agent server, which Milady does not run. A whole-database copy still takes them.
 */
const NOT_AN_AGENTS_DATA = new Set([
  "logs",
  "servers",
  "message_servers",
  "channels",
  "channel_participants",
  "central_messages",
]);

/** How rows without an agent_id column belong to one (plugin-sql 1.7.2's schema). */
const OWNED_THROUGH: Record<string, string> = {
  agents: "id = $1::uuid",
  embeddings: "memory_id IN (SELECT id FROM memories WHERE agent_id = $1::uuid)",
};

/**
 * The public tables in an order that satisfies their foreign keys (parents first), read from the
 * database itself so tables added by a newer plugin-sql or by Milady's modules come along.
 */
export async function dataTables(sql: SqlClient, scope: CopyScope): Promise<DataTable[]> {
  const { rows: tables } = await sql.query<{ name: string; has_agent_id: boolean }>(
    `SELECT c.relname AS name,
            EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'agent_id' AND NOT a.attisdropped) AS has_agent_id
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r'
      ORDER BY c.relname`,
  );
  const { rows: edges } = await sql.query<{ child: string; parent: string }>(
    `SELECT DISTINCT cc.relname AS child, pc.relname AS parent
       FROM pg_constraint k
       JOIN pg_class cc ON cc.oid = k.conrelid JOIN pg_namespace cn ON cn.oid = cc.relnamespace
       JOIN pg_class pc ON pc.oid = k.confrelid
      WHERE k.contype = 'f' AND cn.nspname = 'public' AND cc.relname <> pc.relname`,
  );
  const picked = tables.flatMap((t): DataTable[] => {
    if (scope === "all") return [{ name: t.name, where: null }];
    if (NOT_AN_AGENTS_DATA.has(t.name)) return [];
    const where = OWNED_THROUGH[t.name] ?? (t.has_agent_id ? "agent_id::text = $1::text" : undefined);
    return where ? [{ name: t.name, where }] : [];
  });
  return parentsFirst(picked, edges);
}

function parentsFirst(tables: DataTable[], edges: { child: string; parent: string }[]): DataTable[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const ordered: DataTable[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string) => {
    if (state.get(name)) return; // done, or a cycle (none in plugin-sql): keep the order we have
    state.set(name, "visiting");
    for (const e of edges) if (e.child === name && byName.has(e.parent)) visit(e.parent);
    state.set(name, "done");
    const table = byName.get(name);
    if (table) ordered.push(table);
  };
  for (const t of tables) visit(t.name);
  return ordered;
}

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

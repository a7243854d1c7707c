/**
 * `milady db migrate`'s agent side: copies a state dir's PGlite database into PostgreSQL.
 * The schema is made by booting this agent on the target once (plugin-sql's migrations and
 * Milady's own module tables, exactly as a normal start makes them); the rows that boot wrote
 * for this agent are removed again, then every table's rows are copied in one transaction
 * (parents first) and counted on both sides. Main checks the target first and switches the
 * config afterwards; the PGlite directory is only copied, never opened.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { fuzzystrmatch } from "@electric-sql/pglite/contrib/fuzzystrmatch";
import { vector } from "@electric-sql/pglite/vector";
import type { AgentBootConfig } from "../../src-shared/protocol";
import { countRows, type DataTable, dataTables, inTransaction, readRows, writeRows } from "./agent-data";
import { quoteIdent } from "./agent-data/data-tables";
import { DbHealth } from "./db-health";
import type { SqlClient } from "./sql-client";
import { sqlClientFromDb } from "./sql-client";
import { startAgent } from "./start-agent";
import type { AgentLog } from "./types";

export interface TableCount {
  table: string;
  source: number;
  target: number;
  /** "agent": this agent's rows, must be equal; "shared": a table no agent owns, the target may hold more. */
  scope: "agent" | "shared";
  ok: boolean;
}

export type MigrateProgress = (message: string) => void;

/** Boots the agent on `targetUrl` (schema), then copies and counts. Throws when a count differs. */
export async function migratePgliteToPostgres(
  boot: AgentBootConfig,
  targetUrl: string,
  progress: MigrateProgress,
  log: AgentLog,
): Promise<TableCount[]> {
  progress("creating the schema on the target (one start of the agent against it)");
  const onTarget: AgentBootConfig = {
    ...boot,
    postgresUrl: targetUrl,
    // No model and no connector or MCP server: the start is only for the schema. The plugin
    // plan stays, so tables a plugin made on PGlite exist on the target too.
    provider: "none",
    noModelReason: { code: "no_model", message: "migrating" },
    extensions: undefined,
  };
  const handle = await startAgent(onTarget, {
    log,
    emit: () => undefined,
    paused: () => true,
    dbHealth: new DbHealth(() => undefined),
    crash: () => {
      throw new Error("crash during a migration");
    },
  });
  // Opening PGlite writes to its directory (WAL, checkpoint at close): read a copy, so the
  // original stays byte for byte what it was, the fallback the user can go back to.
  const copyDir = mkdtempSync(join(tmpdir(), "milady-migrate-"));
  cpSync(boot.dataDir, join(copyDir, "db"), { recursive: true });
  const source = new PGlite(join(copyDir, "db"), { extensions: { vector, fuzzystrmatch } });
  try {
    const target = sqlClientFromDb(handle.runtime.db);
    return await copyAll(source as unknown as SqlClient, target, boot.agentId, progress);
  } finally {
    await source.close().catch(() => undefined);
    rmSync(copyDir, { recursive: true, force: true });
    await handle.stop();
  }
}

async function copyAll(source: SqlClient, target: SqlClient, agentId: string, progress: MigrateProgress) {
  return inTransaction(source, "read", async (src) => {
    const tables = await dataTables(src, "all");
    const present = new Set((await dataTables(target, "all")).map((t) => t.name));
    const absent = tables.filter((t) => !present.has(t.name)).map((t) => t.name);
    if (absent.length > 0) {
      throw new Error(
        `the target has no table ${absent.join(", ")} after the schema start (made on PGlite by a plugin that is no longer loaded?): enable that plugin, or drop the table from PGlite, then run db migrate --force`,
      );
    }
    const owned = new Map((await dataTables(src, "agent")).map((t) => [t.name, t]));
    const sourceAll = await countRows(src, tables);
    const sourceOwned = await countRows(src, [...owned.values()], agentId);
    return inTransaction(target, "write", async (dst) => {
      await removeAgentRows(dst, agentId, progress);
      for (const table of tables) {
        let copied = 0;
        for await (const rows of readRows(src, table)) {
          const { written, droppedColumns } = await writeRows(dst, table.name, rows, { onConflict: "skip" });
          if (droppedColumns.length > 0) {
            throw new Error(`the target's table ${table.name} lacks columns ${droppedColumns.join(", ")}`);
          }
          copied += written;
        }
        progress(`${table.name}: ${copied} of ${sourceAll[table.name]} rows copied`);
      }
      const targetAll = await countRows(dst, tables);
      const targetOwned = await countRows(dst, [...owned.values()], agentId);
      return tables.map((t): TableCount => {
        if (owned.has(t.name)) {
          const s = sourceOwned[t.name] ?? 0;
          const d = targetOwned[t.name] ?? 0;
          return { table: t.name, source: s, target: d, scope: "agent", ok: s === d };
        }
        const s = sourceAll[t.name] ?? 0;
        const d = targetAll[t.name] ?? 0;
        return { table: t.name, source: s, target: d, scope: "shared", ok: d >= s };
      });
    });
  });
}

/**
 * Removes what the schema start wrote for this agent (and, under --force, an earlier copy),
 * children first; other agents' rows on the same server are not touched.
 */
async function removeAgentRows(dst: SqlClient, agentId: string, progress: MigrateProgress): Promise<void> {
  const tables: DataTable[] = await dataTables(dst, "agent");
  for (const table of [...tables].reverse()) {
    if (!table.where) continue;
    await dst.query(`DELETE FROM ${quoteIdent(table.name)} t WHERE ${table.where}`, [agentId]);
  }
  progress("removed this agent's earlier rows on the target (what the schema start or an earlier copy wrote); copying");
}

import { createWriteStream, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { archiveContract } from "../../../src-shared/contracts";
import { MiladyError } from "../../../src-shared/protocol";
import { countRows, dataTables, inTransaction, readRows, writeRows } from "../../runtime/agent-data";
import { quoteIdent } from "../../runtime/agent-data/data-tables";
import { type SqlClient, sqlClientFromDb } from "../../runtime/sql-client";
import { defineAgentModule } from "../module";
import { checkRowOwners } from "./row-owner";

/** `07-memories.jsonl`: the number keeps the parents-first order visible in the archive too. */
const fileFor = (index: number, table: string) =>
  `${String(index).padStart(2, "0")}-${table.replace(/[^a-zA-Z0-9_]/g, "_")}.jsonl`;

async function tableExists(sql: SqlClient, name: string): Promise<boolean> {
  const { rows } = await sql.query<{ n: string | number }>(
    "SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname = $1",
    [name],
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

/**
 * The database side of agent archives: one agent's rows out to files (one read transaction, so
 * the export is a consistent snapshot while the agent keeps answering) and back in (one write
 * transaction: a failure leaves the database as it was). Main does everything else.
 */
export const archiveModule = defineAgentModule(archiveContract, ({ runtime, log }) => {
  const client = () => sqlClientFromDb(runtime.db);
  return {
    handlers: {
      exportRows: async ({ dir }) => {
        await mkdir(dir, { recursive: true });
        const agentId = runtime.agentId;
        const tables = await inTransaction(client(), "read", async (sql) => {
          const out = [];
          const list = await dataTables(sql, "agent");
          for (const [index, table] of list.entries()) {
            const file = fileFor(index, table.name);
            const stream = createWriteStream(join(dir, file));
            let rows = 0;
            // One row per line: to_jsonb text escapes newlines, so a line is always one whole row.
            for await (const batch of readRows(sql, table, agentId)) {
              rows += batch.length;
              if (!stream.write(`${batch.join("\n")}\n`)) await new Promise((r) => stream.once("drain", r));
            }
            await new Promise<void>((resolve, reject) =>
              stream.end((err?: Error | null) => (err ? reject(err) : resolve())),
            );
            out.push({ name: table.name, file, rows });
          }
          return out;
        });
        log.info("archive", `exported ${tables.reduce((n, t) => n + t.rows, 0)} rows from ${tables.length} tables`);
        return { agentId, tables };
      },
      importRows: async ({ dir, agentId, tables, deleteAgentIds }) => {
        const dropped = new Set<string>();
        const result = await inTransaction(client(), "write", async (sql) => {
          const targetTables = await dataTables(sql, "agent");
          // Another Milady on this server already runs as the archived agent: importing would
          // delete its rows and leave two instances on one agent id.
          if (agentId !== runtime.agentId) {
            const { rows: taken } = await sql.query("SELECT 1 FROM agents WHERE id = $1::uuid", [agentId]);
            if (taken.length > 0) {
              throw new MiladyError(
                "conflict",
                `this database already holds the archived agent (${agentId}), used by another state directory`,
                "import into a state directory on another database, or stop the Milady that runs this agent and import there with --replace",
              );
            }
          }
          const scoped = new Set(targetTables.map((t) => t.name));
          const memoryIds = new Set<string>();
          const rowsOf = new Map<string, string[]>();
          for (const table of tables) {
            if (!(await tableExists(sql, table.name))) continue;
            const text = readFileSync(join(dir, table.file), "utf8");
            const rows = text.split("\n").filter((line) => line.length > 0);
            checkRowOwners(table.name, rows, agentId, memoryIds, scoped);
            rowsOf.set(table.name, rows);
          }
          // Children first, so no foreign key is left pointing at a deleted parent.
          for (const id of new Set(deleteAgentIds)) {
            for (const table of [...targetTables].reverse()) {
              if (!table.where) continue;
              await sql.query(`DELETE FROM ${quoteIdent(table.name)} WHERE ${table.where}`, [id]);
            }
          }
          for (const table of tables) {
            if (!(await tableExists(sql, table.name))) {
              if (table.rows === 0) continue;
              throw new MiladyError(
                "validation_failed",
                `the archive has ${table.rows} rows of table "${table.name}", which this Milady's database does not have`,
                "update Milady to the version that made the archive (its manifest says which), then import again",
              );
            }
            const written = await writeRows(sql, table.name, rowsOf.get(table.name) ?? [], { onConflict: "skip" });
            for (const column of written.droppedColumns) dropped.add(`${table.name}.${column}`);
          }
          const present = targetTables.filter((t) => tables.some((a) => a.name === t.name));
          const counts = await countRows(sql, present, agentId);
          for (const table of tables) {
            const have = counts[table.name];
            if (have !== undefined && have < table.rows) {
              throw new MiladyError(
                "db_error",
                `table "${table.name}" has ${have} of the archive's ${table.rows} rows after the import; nothing was changed`,
                "see the log for the database's error, then import again",
              );
            }
          }
          return tables.map((t) => ({ name: t.name, rows: counts[t.name] ?? 0 }));
        });
        log.info("archive", `imported ${result.reduce((n, t) => n + t.rows, 0)} rows into ${result.length} tables`);
        return { tables: result, droppedColumns: [...dropped] };
      },
      summary: async () => {
        const sql = client();
        const agentId = runtime.agentId;
        const { rows } = await sql.query<{ n: string | number }>(
          "SELECT count(*) AS n FROM memories WHERE agent_id = $1::uuid AND type = 'messages'",
          [agentId],
        );
        let knowledgeDocuments = 0;
        if (await tableExists(sql, "milady_knowledge_documents")) {
          const docs = await sql.query<{ n: string | number }>(
            "SELECT count(*) AS n FROM milady_knowledge_documents WHERE agent_id = $1",
            [agentId],
          );
          knowledgeDocuments = Number(docs.rows[0]?.n ?? 0);
        }
        return { agentId, messages: Number(rows[0]?.n ?? 0), knowledgeDocuments };
      },
    },
  };
});

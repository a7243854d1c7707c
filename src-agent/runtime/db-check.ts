import type { DbRecovery, TableRepair } from "../../src-shared/protocol";
import { clearDamageMarker } from "./db-damage-marker";
import { readFileRecord, writeFileRecord } from "./db-file-record";
import { type DamagedTable, type ProbeResult, probeDatabase } from "./db-probe";
import { rebuildTables } from "./db-salvage";
import type { SqlClient } from "./sql-client";
import type { AgentLog } from "./types";

/** The probe found damage: the caller keeps a backup (with the database closed), then boots again to repair. */
export class DatabaseDamaged extends Error {
  constructor(readonly tables: DamagedTable[]) {
    super(`the database is damaged: ${tables.map((t) => t.name).join(", ")}`);
    this.name = "DatabaseDamaged";
  }
}

/** Rebuilding did not make the database readable: the caller replaces it. */
export class DatabaseBeyondRepair extends Error {
  constructor(readonly tables: string[]) {
    super(`the database could not be repaired: ${tables.join(", ") || "the check could not run"}`);
    this.name = "DatabaseBeyondRepair";
  }
}

/** A repair the start was asked for: the backup is already made, the working copy may be changed. */
export interface RepairPlan {
  backup: string;
  /** Tables to rebuild besides what the probe finds; `undefined` means every table (damage reported at runtime without a table). */
  tables: DamagedTable[] | undefined;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

const CAUSE: Record<TableRepair["damage"], string> = {
  unreadable_pages: "unreadable pages",
  missing_pages: "its file was cut short",
  reported_at_runtime: "a query could not read it",
};

function describeRepair(repairs: TableRepair[]): string {
  const list = repairs.map((r) => `${r.table} (${CAUSE[r.damage]}; ${plural(r.rowsKept, "row")} kept)`).join(", ");
  return `Milady found damage in the database and rebuilt what it could still read: ${list}. Rows on the damaged pages are lost.`;
}

/**
 * The integrity check of a PGlite start, right after the database opened and before the
 * migrations touch it. Healthy: records the file sizes for the next check. Damaged and no
 * repair planned: throws DatabaseDamaged. Repair planned: rebuilds the damaged tables, checks
 * again and reports what was done (or throws DatabaseBeyondRepair).
 */
export async function checkDatabase(
  sql: SqlClient,
  dataDir: string,
  log: AgentLog,
  repair?: RepairPlan,
): Promise<DbRecovery | undefined> {
  const probe = await probeDatabase(sql, dataDir, readFileRecord(dataDir));
  if ("skipped" in probe) {
    if (repair) throw new DatabaseBeyondRepair([]);
    log.warn("db", `the start-up database check could not run (${probe.skipped}); starting without it`);
    return undefined;
  }
  log.info(
    "db",
    `database check: ${plural(probe.tables, "table")}, ${plural(probe.rows, "row")}, ${plural(probe.walked, "key")} walked in ${probe.ms} ms`,
  );
  if (!repair) {
    if (probe.damaged.length > 0) throw new DatabaseDamaged(probe.damaged);
    writeFileRecord(dataDir, { files: probe.files, cleanStop: false });
    return undefined;
  }

  const targets = repairTargets(probe, repair);
  log.warn("db", `repairing ${targets.map((t) => `${t.name} (${t.damage.replaceAll("_", " ")})`).join(", ")}`);
  const repairs = await rebuildTables(sql, targets);
  const again = await probeDatabase(sql, dataDir);
  if ("skipped" in again || again.damaged.length > 0) {
    throw new DatabaseBeyondRepair("skipped" in again ? [] : again.damaged.map((t) => t.name));
  }
  writeFileRecord(dataDir, { files: again.files, cleanStop: false });
  clearDamageMarker(dataDir);
  return {
    kind: "repaired",
    at: Date.now(),
    message: describeRepair(repairs),
    fix: "Check your recent conversations and knowledge. The backup is the database as it was, damage included: delete it once you no longer need it.",
    backup: repair.backup,
    tables: repairs,
  };
}

function repairTargets(probe: ProbeResult, repair: RepairPlan): DamagedTable[] {
  const asked = repair.tables ?? probe.all.map((t) => ({ ...t, damage: "reported_at_runtime" as const }));
  const targets = new Map(asked.map((t) => [t.sqlName, t]));
  for (const t of probe.damaged) targets.set(t.sqlName, t); // the probe's finding says more than "reported"
  return [...targets.values()];
}

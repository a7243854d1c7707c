import { cpSync, renameSync, rmSync } from "node:fs";
import { type AgentBootConfig, type DbRecovery, MiladyError } from "../../src-shared/protocol";
import { DatabaseBeyondRepair, DatabaseDamaged, type RepairPlan } from "./db-check";
import { readDamageMarker } from "./db-damage-marker";
import { databaseCause } from "./db-errors";
import { seedFromTemplate } from "./db-template";
import {
  diskFullError,
  FRESH_DATABASE_BYTES,
  failedForSpace,
  folderBytes,
  freeBytes,
  LOW_SPACE_BYTES,
  requireRoomForFreshDatabase,
} from "./disk-space";
import { restorePgVersion } from "./pg-version";
import { providePgliteClient } from "./pglite-memory";
import { isPgliteCorruption, moveCorruptDataDir, resetPgliteSingleton } from "./pglite-recovery";
import { pgliteWasmOrigin } from "./pglite-wasm";
import type { AgentLog } from "./types";

/** What one boot of the runtime is told about the database (see bootOnce in start-agent.ts). */
export interface DbBootPlan {
  /** What this start did so far; the boot adds its repair and reports them all in `ready`. */
  recoveries: DbRecovery[];
  repair?: RepairPlan;
  /** The untouched copy of a damaged database, when one was made. */
  backup?: string;
  /** The database was just copied from the migrated template (its migrations need not run again). */
  seeded?: boolean;
}

/**
 * Starts on an embedded PGlite database whatever state it is in, keeping the user's data:
 *
 * 1. PG_VERSION missing, data intact: written again before PGlite opens.
 * 2. A fresh database on a disk without room for one: disk_full, nothing is created.
 * 3. The start-up check (or a failed query last run) found damage: the database is closed,
 *    moved to `.elizadb.corrupt-<time>` untouched, copied back, and the copy is repaired.
 * 4. Damage the repair cannot fix, or a database PGlite cannot open at all: a fresh one is
 *    created; the old one is kept (the backup of step 3, or moved aside now).
 *
 * A start that fails because the disk is full is never treated as damage: nothing is moved.
 */
export async function startOnPglite<T>(
  boot: AgentBootConfig,
  log: AgentLog,
  bootOnceAsIs: (plan: DbBootPlan) => Promise<T>,
  prepared: Promise<DbBootPlan> = prepareOnPglite(boot, log),
): Promise<T> {
  const { dataDir } = boot;
  // Each attempt opens PGlite with Milady's memory size (pglite-memory.ts).
  const bootOnce = async (plan: DbBootPlan) => {
    await providePgliteClient(dataDir);
    return bootOnceAsIs(plan);
  };
  const plan = await prepared;

  for (;;) {
    try {
      return await bootOnce(plan);
    } catch (error) {
      await resetPgliteSingleton();
      // A finding of the check, not a failure: the disk is only asked for room for the backup.
      if (error instanceof DatabaseDamaged && !plan.repair) {
        log.warn("db", `the database check found damage in ${error.tables.map((t) => t.name).join(", ")}`);
        plan.repair = keepBackupForRepair(dataDir, error.tables);
        plan.backup = plan.repair.backup;
        continue;
      }
      if (error instanceof MiladyError) throw error;
      if (failedForSpace(error, dataDir)) {
        // A repair that ran out of room (VACUUM FULL writes a new copy of the table): as if it never began.
        if (plan.repair) undoBackup(dataDir, plan.repair.backup);
        throw diskFullError(
          dataDir,
          plan.repair ? "the database could not be repaired" : "the database could not be opened",
          freeBytes(dataDir),
        );
      }
      if (!(error instanceof DatabaseDamaged || error instanceof DatabaseBeyondRepair || isPgliteCorruption(error))) {
        throw error;
      }
      return await bootOnce(replaceDatabase(boot, log, plan, error));
    }
  }
}

/**
 * Steps 1 and 2, the copy of the migrated template into a new folder, and the backup before a
 * repair the last run asked for; then PGlite starts opening the folder (it replays its WAL and
 * starts its backend on its own). The agent's host calls it before it imports elizaOS, so the
 * open runs while the runtime's modules load; `startOnPglite` takes its plan.
 */
export async function prepareOnPglite(boot: AgentBootConfig, log: AgentLog): Promise<DbBootPlan> {
  const { dataDir } = boot;
  const plan: DbBootPlan = { recoveries: [] };
  const restored = restorePgVersion(dataDir);
  if (restored) {
    plan.recoveries.push(restored);
    log.warn("db", `PG_VERSION was missing in ${dataDir}; it was written again, the data was not changed`);
  }
  requireRoomForFreshDatabase(dataDir);
  plan.seeded = seedFromTemplate(boot.pgliteTemplate, dataDir);
  if (plan.seeded) log.info("db", "new database: started from the migrated template");
  const marker = readDamageMarker(dataDir);
  if (marker) {
    log.warn("db", "the last run found damage in the database: repairing it now");
    plan.repair = keepBackupForRepair(dataDir, marker.tables.length > 0 ? marker.tables.map(reported) : undefined);
    plan.backup = plan.repair.backup;
  }
  await providePgliteClient(dataDir);
  log.debug("db", `PGlite wasm: ${pgliteWasmOrigin()}`);
  return plan;
}

const reported = (t: { sqlName: string; name: string }) => ({ ...t, damage: "reported_at_runtime" as const });

/**
 * The backup is the original folder itself, renamed while the database is closed (atomic, free,
 * and nothing of it is ever written again); the copy put back in its place is what gets repaired.
 * Without room for the copy nothing is changed and the start fails with disk_full.
 */
function keepBackupForRepair(dataDir: string, tables: RepairPlan["tables"]): RepairPlan {
  const need = folderBytes(dataDir) + LOW_SPACE_BYTES;
  const free = freeBytes(dataDir);
  if (free !== undefined && free < need) {
    throw diskFullError(
      dataDir,
      "the database is damaged and there is no room for the copy kept before repairing it",
      free,
      need,
    );
  }
  const backup = moveCorruptDataDir(dataDir);
  if (!backup) throw new MiladyError("internal", `the database folder ${dataDir} disappeared during the start`);
  try {
    cpSync(backup, dataDir, { recursive: true });
  } catch (error) {
    undoBackup(dataDir, backup);
    if (failedForSpace(error, dataDir)) {
      throw diskFullError(
        dataDir,
        "there is no room for the copy kept before repairing the database",
        freeBytes(dataDir),
      );
    }
    throw error;
  }
  return { backup, tables };
}

/** Puts the untouched original back in place of the copy being repaired. */
function undoBackup(dataDir: string, backup: string): void {
  rmSync(dataDir, { recursive: true, force: true });
  renameSync(backup, dataDir);
}

/** A fresh database in place of one that cannot be repaired; the old one stays where the backup is. */
function replaceDatabase(boot: AgentBootConfig, log: AgentLog, plan: DbBootPlan, error: unknown): DbBootPlan {
  const { dataDir } = boot;
  let backup = plan.repair?.backup;
  // After a failed repair the folder in place is Milady's own copy: the original is the backup.
  if (backup) rmSync(dataDir, { recursive: true, force: true });
  else {
    // Moving the damaged folder aside frees nothing: make sure a fresh one fits before moving it.
    const free = freeBytes(dataDir);
    if (free !== undefined && free < FRESH_DATABASE_BYTES) {
      throw diskFullError(
        dataDir,
        "the database is damaged and there is no room for a fresh one",
        free,
        FRESH_DATABASE_BYTES,
      );
    }
    backup = moveCorruptDataDir(dataDir);
  }
  if (!backup) throw error;
  requireRoomForFreshDatabase(dataDir);
  log.warn(
    "db",
    `the database at ${dataDir} was damaged beyond repair (${databaseCause(error)}); it was moved to ${backup} and a fresh one was created. Your old data is kept there.`,
  );
  return {
    recoveries: [
      ...plan.recoveries,
      {
        kind: "replaced",
        at: Date.now(),
        message:
          "The database was damaged beyond repair, so Milady started a fresh one: conversations, memories and knowledge start empty.",
        fix: "Your old data is kept, untouched, in the backup folder. Keep it if you may want it back; delete it to free the space.",
        backup,
      },
    ],
    backup,
  };
}

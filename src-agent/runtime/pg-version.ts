import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type DbRecovery, MiladyError } from "../../src-shared/protocol";

const MAJOR = /^(\d+)\s*$/;

function readMajor(file: string): string | undefined {
  try {
    return MAJOR.exec(readFileSync(file, "utf8"))?.[1];
  } catch {
    return undefined;
  }
}

let pgliteMajor: string | null | undefined;

/**
 * The PostgreSQL major version PGlite itself creates databases with, from its package: the
 * bootstrap catalog (postgres.bki, packed into pglite.data) starts with "# PostgreSQL 17", the
 * same number initdb writes to PG_VERSION. Read once, only when PG_VERSION needs restoring.
 */
export function pgliteMajorVersion(): string | undefined {
  if (pgliteMajor !== undefined) return pgliteMajor ?? undefined;
  try {
    const entry = fileURLToPath(import.meta.resolve("@electric-sql/pglite"));
    const data = readFileSync(join(dirname(entry), "pglite.data")).toString("latin1");
    pgliteMajor = /# PostgreSQL (\d+)\ncreate pg_proc/.exec(data)?.[1] ?? null;
  } catch {
    pgliteMajor = null;
  }
  return pgliteMajor ?? undefined;
}

/** initdb writes the same number into every database folder (base/<oid>/PG_VERSION). */
function clusterMajor(dataDir: string): string | undefined {
  try {
    for (const db of readdirSync(join(dataDir, "base"))) {
      const major = readMajor(join(dataDir, "base", db, "PG_VERSION"));
      if (major) return major;
    }
  } catch {
    // no base/ folder
  }
  return undefined;
}

/**
 * PGlite decides "existing database" by PG_VERSION alone: without it, it runs initdb over the
 * data and dies with exit(1), although every table is intact. When the folder is a database
 * (global/pg_control is there) and PG_VERSION is missing or unreadable, write it again with
 * PGlite's own major version. A database made by another major version is refused instead:
 * writing the file would not make it readable.
 */
export function restorePgVersion(dataDir: string, now = Date.now()): DbRecovery | undefined {
  const file = join(dataDir, "PG_VERSION");
  if (!existsSync(join(dataDir, "global", "pg_control")) || readMajor(file)) return undefined;
  const ours = pgliteMajorVersion();
  const theirs = clusterMajor(dataDir);
  if (ours && theirs && ours !== theirs) {
    throw new MiladyError(
      "db_error",
      `the database at ${dataDir} was made by PostgreSQL ${theirs}, but this Milady's PGlite is PostgreSQL ${ours}`,
      "Start it with the Milady version that made it, or move the folder away to start with a fresh database.",
    );
  }
  const major = ours ?? theirs;
  if (!major) return undefined;
  const temp = `${file}.tmp`;
  writeFileSync(temp, `${major}\n`);
  renameSync(temp, file);
  return {
    kind: "version_restored",
    at: now,
    message: `The database's version file (PG_VERSION) was missing, so the database could not open. Milady wrote it again (PostgreSQL ${major}); no data was changed.`,
  };
}

import { existsSync, readdirSync, statfsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { MiladyError } from "../../src-shared/protocol";

const MB = 1024 * 1024;
/**
 * A fresh PGlite database after plugin-sql's migrations takes ~28 MB (measured on tmpfs); with
 * less than this free the start would leave no room for the first conversations and checkpoints.
 */
export const FRESH_DATABASE_BYTES = 48 * MB;
/** Below this a failed start is the disk's fault: PGlite needs room for WAL and checkpoints to open at all. */
export const LOW_SPACE_BYTES = 16 * MB;

const NO_SPACE = /ENOSPC|No space left on device|could not extend file|could not write to file|disk full|\b53100\b/i;

/** Free bytes for an unprivileged writer on the disk that holds `path` (or its nearest existing parent). */
export function freeBytes(path: string): number | undefined {
  let dir = path;
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  try {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
}

const mb = (bytes: number) => `${Math.max(0, Math.floor(bytes / MB))} MB`;

export function diskFullError(dataDir: string, what: string, free: number | undefined, need?: number): MiladyError {
  const space = free === undefined ? "" : ` (${mb(free)} free${need ? `, ${mb(need)} needed` : ""})`;
  return new MiladyError(
    "disk_full",
    `the disk with Milady's database is full${space}: ${what}`,
    `Free some space on the disk that holds ${dirname(dataDir)} (models and old database backups in the state folder are the big files), then start the agent again. Nothing was moved or deleted.`,
  );
}

/** A folder with no database in it yet: PGlite will run initdb there. */
export function isFreshDatabase(dataDir: string): boolean {
  return !existsSync(join(dataDir, "PG_VERSION")) && !existsSync(join(dataDir, "global", "pg_control"));
}

/** Refuses to build a database the disk has no room for: a half-built one looks damaged to the next start. */
export function requireRoomForFreshDatabase(dataDir: string): void {
  if (!isFreshDatabase(dataDir)) return;
  const free = freeBytes(dataDir);
  if (free !== undefined && free < FRESH_DATABASE_BYTES) {
    throw diskFullError(dataDir, "a new database cannot be created", free, FRESH_DATABASE_BYTES);
  }
}

/**
 * Whether a failed start is the disk's fault. PGlite on a full disk rarely says so: initdb and
 * the open die with "Aborted()" or "Unreachable code" (measured on a full tmpfs), which look like
 * damage. So the free space decides as well as the message.
 */
export function failedForSpace(error: unknown, dataDir: string): boolean {
  const text = error instanceof Error ? `${error.message}\n${String(error.cause ?? "")}` : String(error);
  if (NO_SPACE.test(text)) return true;
  const free = freeBytes(dataDir);
  return free !== undefined && free < LOW_SPACE_BYTES;
}

/** Bytes of a folder's files (for the room a backup copy needs). */
export function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

import { readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The size of every table and index file of the agent's tables, as the last check (or a clean
 * stop) found them. PostgreSQL never shrinks these files in place (only VACUUM does, which
 * neither elizaOS nor Milady runs; VACUUM FULL and TRUNCATE write a new file), so a file smaller
 * than recorded was cut short from outside. Kept in the data directory, so it moves with it.
 */
export interface FileRecord {
  /** File (relative to the data directory) -> bytes. */
  files: Record<string, number>;
  /** True when the agent stopped cleanly after recording; false while it runs (or after a crash). */
  cleanStop: boolean;
}

const RECORD_FILE = "milady-file-sizes.json";

export function readFileRecord(dataDir: string): FileRecord | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, RECORD_FILE), "utf8")) as Partial<FileRecord>;
    if (!parsed.files || typeof parsed.files !== "object") return undefined;
    const files = Object.fromEntries(Object.entries(parsed.files).filter(([, bytes]) => typeof bytes === "number"));
    return { files, cleanStop: parsed.cleanStop === true };
  } catch {
    return undefined;
  }
}

/** Best effort: a record that cannot be written (a full disk) only makes the next check slower. */
export function writeFileRecord(dataDir: string, record: FileRecord): void {
  const path = join(dataDir, RECORD_FILE);
  const temp = `${path}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify(record));
    renameSync(temp, path);
  } catch {
    // the next start walks every primary key instead
  }
}

/** Bytes on disk of a relation file, all its 1 GB segments; 0 when it is missing. */
export function fileBytes(dataDir: string, file: string): number {
  let total = 0;
  for (let segment = 0; ; segment++) {
    try {
      total += statSync(join(dataDir, segment === 0 ? file : `${file}.${segment}`)).size;
    } catch {
      return total;
    }
  }
}

/** The record as it stands now for the files of an earlier check (files only grow while the agent runs). */
export function currentSizes(dataDir: string, files: Iterable<string>): Record<string, number> {
  return Object.fromEntries([...files].map((file) => [file, fileBytes(dataDir, file)]));
}

/**
 * After the database closed cleanly: the files as they are now (never less than at start, so a
 * file cut short while the agent ran is still found), vouching for them at the next start.
 */
export function recordCleanStop(dataDir: string): void {
  const record = readFileRecord(dataDir);
  if (!record) return;
  const now = currentSizes(dataDir, Object.keys(record.files));
  const files = Object.fromEntries(
    Object.entries(now).map(([file, bytes]) => [file, Math.max(bytes, record.files[file] ?? 0)]),
  );
  writeFileRecord(dataDir, { files, cleanStop: true });
}

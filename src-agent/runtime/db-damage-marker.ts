import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** A table named by a failed query while the agent ran; `tables` empty means the query did not say which. */
export interface DamageMarker {
  at: number;
  tables: Array<{ sqlName: string; name: string }>;
}

/**
 * Left in the data directory when a query fails with a corruption pattern while the agent runs,
 * so the next start repairs what the start-up probe alone might not see (a secondary index).
 * Inside the data directory it moves with the database: a replaced database starts without it.
 */
const MARKER_FILE = "milady-damage.json";

export function readDamageMarker(dataDir: string): DamageMarker | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, MARKER_FILE), "utf8")) as Partial<DamageMarker>;
    const tables = (Array.isArray(parsed.tables) ? parsed.tables : []).filter(
      (t): t is DamageMarker["tables"][number] => typeof t?.sqlName === "string" && typeof t?.name === "string",
    );
    return { at: typeof parsed.at === "number" ? parsed.at : Date.now(), tables };
  } catch {
    return undefined;
  }
}

/** Adds a table (or "some table": undefined) to the marker. Best effort: the disk may be the problem. */
export function recordDamage(dataDir: string, table: DamageMarker["tables"][number] | undefined, now = Date.now()) {
  const marker = readDamageMarker(dataDir) ?? { at: now, tables: [] };
  if (table && !marker.tables.some((t) => t.sqlName === table.sqlName)) marker.tables.push(table);
  const path = join(dataDir, MARKER_FILE);
  try {
    writeFileSync(`${path}.tmp`, JSON.stringify(marker));
    renameSync(`${path}.tmp`, path);
  } catch {
    // the start-up probe still runs; it finds most damage by itself
  }
}

export function clearDamageMarker(dataDir: string): void {
  rmSync(join(dataDir, MARKER_FILE), { force: true });
}

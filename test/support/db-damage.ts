import { closeSync, cpSync, openSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { tempStateDir } from "./milady-process";

/** The agent's PGlite folder inside a state dir. */
export const dataDirOf = (stateDir: string) => join(stateDir, "workspace", ".eliza", ".elizadb");

/** A copy of a stopped Milady's state dir (without what only a running one leaves behind). */
export function copyState(template: string): string {
  const stateDir = tempStateDir();
  cpSync(template, stateDir, { recursive: true });
  for (const f of ["milady.run.json", "milady.lock"]) rmSync(join(stateDir, f), { recursive: true, force: true });
  return stateDir;
}

/** The files of relations by name, asked of PGlite itself (while no agent runs on the folder). */
export async function relationFiles(dataDir: string, names: string[]): Promise<Record<string, string>> {
  const db = new PGlite(dataDir);
  try {
    const { rows } = await db.query<{ name: string; file: string }>(
      "SELECT relname AS name, pg_relation_filepath(oid) AS file FROM pg_class WHERE relname = ANY($1)",
      [names],
    );
    return Object.fromEntries(rows.map((r) => [r.name, join(dataDir, r.file)]));
  } finally {
    await db.close();
  }
}

/** Writes 8 KB of garbage over one page of a relation file. */
export function garbagePage(file: string, page: number): void {
  const fd = openSync(file, "r+");
  try {
    writeSync(fd, Buffer.alloc(8192, 0x5a), 0, 8192, page * 8192);
  } finally {
    closeSync(fd);
  }
}

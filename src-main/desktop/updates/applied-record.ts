import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../../config";

export interface AppliedUpdate {
  version: string;
  hash: string;
  fromVersion: string;
  fromHash: string;
  at: number;
}

/** Enough history to recognise any build a feed could still serve. */
const KEEP = 50;

export const appliedRecordPath = (stateDir: string) => join(stateDir, "desktop-updates.json");

/**
 * Every update this app has applied, written (atomically) before Electrobun swaps the app.
 * A hash in here is never offered again: a feed that rolls back, or a relaunch that comes
 * up on the old build, would otherwise offer the same update forever.
 */
export class AppliedRecord {
  private entries: AppliedUpdate[];

  constructor(
    readonly path: string,
    onUnreadable: (why: string) => void = () => undefined,
  ) {
    this.entries = readEntries(path, onUnreadable);
  }

  has(hash: string): boolean {
    return this.entries.some((entry) => entry.hash === hash);
  }

  last(): AppliedUpdate | undefined {
    return this.entries.at(-1);
  }

  /** Throws when the file cannot be written: then the update must not be applied. */
  add(entry: AppliedUpdate): void {
    const next = [...this.entries.filter((e) => e.hash !== entry.hash), entry].slice(-KEEP);
    writeFileAtomic(this.path, `${JSON.stringify({ applied: next }, null, 2)}\n`);
    this.entries = next;
  }
}

function readEntries(path: string, onUnreadable: (why: string) => void): AppliedUpdate[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return [];
  }
  try {
    const applied = (JSON.parse(text) as { applied?: unknown }).applied;
    if (!Array.isArray(applied)) throw new Error("no `applied` list");
    return applied.filter(
      (e): e is AppliedUpdate => typeof e === "object" && e !== null && typeof (e as AppliedUpdate).hash === "string",
    );
  } catch (error) {
    onUnreadable(`${path} is not readable (${error instanceof Error ? error.message : String(error)})`);
    return [];
  }
}

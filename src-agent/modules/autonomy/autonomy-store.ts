import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";
import { AUTONOMY_HISTORY, type AutonomyWake, autonomyWakeSchema } from "../../../src-shared/protocol";

/**
 * The loop's counted model calls and its wake history, kept in <state>/autonomy.json so a
 * restart neither resets the hourly cap (restarting must not buy more calls) nor loses the
 * history the dashboard shows.
 */
const storedSchema = z.object({
  calls: z.array(z.number()).default([]),
  history: z.array(autonomyWakeSchema).default([]),
});
export type AutonomyState = { calls: number[]; history: AutonomyWake[] };

export function autonomyFile(stateDir: string): string {
  return join(stateDir, "autonomy.json");
}

/** What the last run left; a wake that was running when it stopped is an error now. Never throws. */
export function loadAutonomyState(file: string): AutonomyState {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return { calls: [], history: [] };
  }
  const parsed = storedSchema.safeParse(raw);
  if (!parsed.success) return { calls: [], history: [] };
  const history = parsed.data.history
    .slice(0, AUTONOMY_HISTORY)
    .map((wake) =>
      wake.status === "running"
        ? { ...wake, status: "error" as const, text: "interrupted: the agent stopped during this wake" }
        : wake,
    );
  return { calls: parsed.data.calls, history };
}

/** Written whole to a temporary file and renamed over the old one: never half-written. */
export function saveAutonomyState(file: string, state: AutonomyState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state)}\n`);
  renameSync(tmp, file);
}

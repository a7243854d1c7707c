import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../config";
import type { UpdateCheck } from "./registry-check";

/** What the last check found, in <state>/update-check.json (for `milady update status` and the daily limit). */
export interface LastCheck {
  at: number;
  result?: UpdateCheck;
  error?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const lastCheckPath = (stateDir: string) => join(stateDir, "update-check.json");

export function readLastCheck(stateDir: string): LastCheck | undefined {
  try {
    return JSON.parse(readFileSync(lastCheckPath(stateDir), "utf8")) as LastCheck;
  } catch {
    return undefined;
  }
}

export function writeLastCheck(stateDir: string, check: LastCheck): void {
  writeFileAtomic(lastCheckPath(stateDir), `${JSON.stringify(check, null, 2)}\n`);
}

/** Off in CI and when asked (MILADY_NO_UPDATE_CHECK=1): a server run by a script must not phone out. */
export function updateChecksDisabled(env: Record<string, string | undefined> = process.env): boolean {
  return env.MILADY_NO_UPDATE_CHECK === "1" || Boolean(env.CI);
}

/** A headless start asks the registry at most once a day: a server restarted often must not hammer it. */
export function dailyCheckDue(last: LastCheck | undefined, now: number): boolean {
  return !last || now - last.at >= DAY_MS;
}

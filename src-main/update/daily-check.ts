import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../config";
import { checkRegistry, type UpdateChannel, type UpdateCheck, updateRegistry } from "./registry-check";

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

/**
 * At start, in the background: at most one registry check a day; one line on stderr when a
 * newer version exists. Never delays the start and never fails it.
 */
export async function startupUpdateCheck(options: {
  stateDir: string;
  name: string;
  current: string;
  channel: UpdateChannel;
  say: (line: string) => void;
  env?: Record<string, string | undefined>;
  now?: number;
}): Promise<void> {
  const env = options.env ?? process.env;
  if (updateChecksDisabled(env)) return;
  const now = options.now ?? Date.now();
  const last = readLastCheck(options.stateDir);
  if (last && now - last.at < DAY_MS) return;
  try {
    const result = await checkRegistry({
      name: options.name,
      current: options.current,
      channel: options.channel,
      registry: updateRegistry(env),
    });
    writeLastCheck(options.stateDir, { at: now, result });
    if (result.updateAvailable) {
      options.say(
        `Milady ${result.latest} is available (${result.channel}; this is ${result.current}): run \`milady update\``,
      );
    }
  } catch (error) {
    writeLastCheck(options.stateDir, { at: now, error: (error as Error).message });
  }
}

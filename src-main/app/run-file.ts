import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../config";

/** <state>/milady.run.json: how to reach the running server (tools, tests, a second `milady start`). */
export interface RunInfo {
  pid: number;
  url: string;
  port: number;
  runId: string;
  startedAt?: number;
  /** The server's API token came from its own environment (systemd's EnvironmentFile, docker): a CLI in another shell cannot read it from the state dir. */
  tokenFromEnvironment?: boolean;
}

/**
 * What a command in another shell should do when the running Milady's token is not where it can
 * read it (set in the server's environment only), or undefined when that is not the case.
 */
export function environmentTokenFix(stateDir: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.MILADY_API_TOKEN || !readRunFile(stateDir)?.tokenFromEnvironment) return undefined;
  return "the running Milady takes its API token (MILADY_API_TOKEN) from its own environment, not from the state dir: set the same variable in this shell (for the systemd unit: `set -a; . /etc/milady/milady.env; set +a`), then run this again";
}

export const runFilePath = (stateDir: string) => join(stateDir, "milady.run.json");

export function writeRunFile(stateDir: string, info: RunInfo): void {
  writeFileAtomic(runFilePath(stateDir), `${JSON.stringify({ ...info, startedAt: Date.now() }, null, 2)}\n`);
}

export function readRunFile(stateDir: string): RunInfo | undefined {
  try {
    return JSON.parse(readFileSync(runFilePath(stateDir), "utf8")) as RunInfo;
  } catch {
    return undefined;
  }
}

export function removeRunFile(stateDir: string): void {
  rmSync(runFilePath(stateDir), { force: true });
}

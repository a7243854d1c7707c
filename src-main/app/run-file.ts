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

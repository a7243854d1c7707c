// A restart that needs a new process (exit code 75, POST /api/server/restart). What `npm start`
// runs (`bun bin/milady.mjs`, main in that process) replaces itself with a fresh copy (execve,
// src-main/app/relaunch.ts); the Node runner's fallback supervisor starts a new child instead.
// Exit codes and signals reach the caller either way.
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type MiladyProcess, removeDir, startMilady, tempStateDir, waitForState } from "../support/milady-process";
import { until } from "../support/until";

const ROOT = join(import.meta.dir, "..", "..");
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) removeDir(dir);
});

type RunInfo = { pid: number; url: string; runId: string };
const runInfo = (milady: MiladyProcess): RunInfo =>
  JSON.parse(readFileSync(join(milady.stateDir, "milady.run.json"), "utf8"));

/** Asks for a restart and waits for the next run's run file and health; returns that run. */
async function restart(milady: MiladyProcess): Promise<RunInfo> {
  const res = await milady.api("/api/server/restart", { method: "POST" });
  expect(res.status).toBe(202);
  // Between the two runs there is no run file (or the old one): keep reading.
  const next = (await until(
    () => {
      const info = runInfo(milady);
      return info.runId !== milady.runId ? info : undefined;
    },
    30_000,
    "the next run's milady.run.json",
  )) as RunInfo;
  const health = await (await fetch(`${next.url}/api/health`)).json();
  expect(health.runId).toBe(next.runId);
  // stderr is read asynchronously: wait for the line (bounded).
  await until(() => milady.stderr().includes("restarting"), 10_000, "'restarting' on stderr");
  return next;
}

describe("restart (exit code 75)", () => {
  test("npm start's command: the process replaces itself (same pid, a new run), the agent comes back, SIGTERM exits 0", async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(pkg.scripts.start).toBe("bun bin/milady.mjs start --cli");
    const milady = await startMilady({ viaRunner: "bun" });
    dirs.push(milady.stateDir);
    try {
      expect(runInfo(milady).pid).toBe(milady.proc.pid);
      const next = await restart(milady);
      expect(next.pid).toBe(milady.proc.pid);
      expect(milady.proc.exitCode).toBeNull();
      await waitForState({ json: async (path) => (await fetch(`${next.url}${path}`)).json() }, ["running"], 60_000);
      // Signals still reach the fresh process: a graceful stop, exit code 0.
      expect(await milady.stop()).toBe(0);
      expect(milady.stderr()).toContain("shutting down");
    } finally {
      milady.proc.kill("SIGKILL");
    }
  }, 150_000);

  test("the Node runner's fallback supervisor starts a new child, and passes SIGTERM and the exit code on", async () => {
    const milady = await startMilady({ viaRunner: "node", env: { MILADY_RUNNER: "supervise" } });
    dirs.push(milady.stateDir);
    try {
      const first = runInfo(milady);
      expect(first.pid).not.toBe(milady.proc.pid);
      const next = await restart(milady);
      expect(next.pid).not.toBe(first.pid);
      expect(await milady.stop()).toBe(0);
    } finally {
      milady.proc.kill("SIGKILL");
    }
  }, 150_000);

  test("under npm (its `sh -c` is the parent), the server stops when that shell is gone: npm's SIGTERM dies there", async () => {
    const stateDir = tempStateDir();
    dirs.push(stateDir);
    const command = [process.execPath, join(ROOT, "bin", "milady.mjs"), "start", "--cli", "--port", "0"];
    const shell = Bun.spawn(["sh", "-c", `${command.join(" ")} --state-dir ${stateDir}`], {
      cwd: stateDir,
      stdout: "ignore",
      stderr: "ignore",
      env: { ...process.env, npm_lifecycle_event: "start", MILADY_SCRIPTED_MODEL: "1", MILADY_STATE_DIR: "" },
    });
    try {
      const server = (await until(() => runInfo({ stateDir } as MiladyProcess), 30_000, "milady.run.json")) as RunInfo;
      expect(server.pid).not.toBe(shell.pid);
      shell.kill("SIGKILL");
      const alive = () => {
        try {
          process.kill(server.pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      await until(() => !alive(), 20_000, "the server to stop after its shell died");
      // A graceful stop: the state lock was released.
      expect(existsSync(join(stateDir, "milady.lock"))).toBe(false);
    } finally {
      shell.kill("SIGKILL");
    }
  }, 60_000);

  test("a start that fails exits with main's own code through each runner", async () => {
    const stateDir = tempStateDir();
    dirs.push(stateDir);
    const exitCode = async (cmd: string[], env: Record<string, string> = {}) => {
      const proc = Bun.spawn([...cmd, "start", "--cli", "--port", "not-a-port", "--state-dir", stateDir], {
        stdout: "ignore",
        stderr: "ignore",
        env: { ...process.env, ...env },
      });
      return await proc.exited;
    };
    const runner = join(ROOT, "bin", "milady.mjs");
    const direct = await exitCode([process.execPath, join(ROOT, "src-main", "main.ts")]);
    expect(direct).toBe(2);
    expect(await exitCode([process.execPath, runner])).toBe(direct);
    expect(await exitCode(["node", runner])).toBe(direct);
    expect(await exitCode(["node", runner], { MILADY_RUNNER: "supervise" })).toBe(direct);
  }, 60_000);
});

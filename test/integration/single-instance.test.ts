// One Milady per state dir: a second start is refused naming the first; a lock left by a
// `kill -9` never blocks a start; a server whose runner was killed does not live on as an orphan.
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { MAIN, type MiladyProcess, postJson, removeDir, startMilady, tempStateDir } from "../support/milady-process";
import { until } from "../support/until";

const cleanup: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function startSecond(stateDir: string) {
  const proc = Bun.spawn([process.execPath, MAIN, "start", "--cli", "--port", "0", "--state-dir", stateDir], {
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, NO_COLOR: "1", MILADY_SCRIPTED_MODEL: "1", MILADY_STATE_DIR: "" },
  });
  const [stderr, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
  return { stderr, code };
}

async function chat(m: MiladyProcess, text: string) {
  const { conversation } = await m.json("/api/conversations", postJson({ title: "lock" }));
  await m.json(`/api/conversations/${conversation.id}/messages`, postJson({ text }));
  return conversation.id as string;
}

describe("one instance per state dir", () => {
  test("a second start on the same state dir is refused, naming the running one's pid and address; nothing is lost", async () => {
    const first = await startMilady();
    cleanup.push(
      () => removeDir(first.stateDir),
      () => first.stop(),
    );
    const id = await chat(first, "kept");
    const second = await startSecond(first.stateDir);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain("already running");
    expect(second.stderr).toContain(`pid ${first.proc.pid}`);
    expect(second.stderr).toContain(`:${first.port}`);
    // The first one never noticed: it still answers and still has what it acknowledged.
    const { messages } = await first.json(`/api/conversations/${id}/messages`);
    expect(messages.map((m: { text: string }) => m.text)).toEqual(["kept", "Echo: kept"]);
    const doctor = Bun.spawn([process.execPath, MAIN, "doctor", "--json", "--state-dir", first.stateDir], {
      stdout: "pipe",
      env: { ...process.env, MILADY_STATE_DIR: "" },
    });
    const report = JSON.parse(await new Response(doctor.stdout).text());
    const database = report.checks.find((c: { name: string }) => c.name === "database");
    expect(database.detail).toContain(`in use by the running Milady (pid ${first.proc.pid}`);
    // It serves on a port of its own (port 0), not the config's 2138: the port check looks there.
    const port = report.checks.find((c: { name: string }) => c.name === "port");
    expect(port).toMatchObject({ status: "ok" });
    expect(port.detail).toContain(`:${first.port}`);
  }, 90_000);

  test("a lock left by kill -9 does not block the next start, and the data survives", async () => {
    const stateDir = tempStateDir();
    cleanup.push(() => removeDir(stateDir));
    const first = await startMilady({ stateDir });
    const id = await chat(first, "before the crash");
    first.proc.kill("SIGKILL");
    await first.proc.exited;
    expect(existsSync(join(stateDir, "milady.lock"))).toBe(true);
    const next = await startMilady({ stateDir });
    cleanup.push(() => next.stop());
    const lock = JSON.parse(readFileSync(join(stateDir, "milady.lock"), "utf8"));
    expect(lock.pid).toBe(next.proc.pid);
    const { messages } = await next.json(`/api/conversations/${id}/messages`);
    expect(messages.map((m: { text: string }) => m.text)).toContain("before the crash");
  }, 120_000);

  test("when the runner is killed with -9, its server notices and shuts down instead of serving as an orphan", async () => {
    // The supervisor is the Node runner's fallback (no process.execve); asked for, whatever Node runs here.
    const milady = await startMilady({ viaRunner: "node", env: { MILADY_RUNNER: "supervise" } });
    cleanup.push(() => removeDir(milady.stateDir));
    const serverPid = JSON.parse(readFileSync(join(milady.stateDir, "milady.run.json"), "utf8")).pid as number;
    expect(serverPid).not.toBe(milady.proc.pid);
    milady.proc.kill("SIGKILL");
    await milady.proc.exited;
    const alive = () => {
      try {
        process.kill(serverPid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await until(() => !alive(), 60_000, "the orphaned server to exit");
    expect(existsSync(join(milady.stateDir, "milady.lock"))).toBe(false);
  }, 120_000);
});

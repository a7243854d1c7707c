// The desktop app as real processes on one state dir: the first runs the real CLI, server,
// agent and desktop layer on FakeDesktopShell (test/support/fake-desktop-main.ts); the
// others are real `bun src-main/main.ts` launches that must hand off to it and exit 0.
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { MAIN, removeDir, tempStateDir } from "../support/milady-process";
import { until } from "../support/until";

const ENTRY = join(import.meta.dir, "..", "support", "fake-desktop-main.ts");

const ENV = {
  ...process.env,
  NO_COLOR: "1",
  MILADY_SCRIPTED_MODEL: "1",
  MILADY_STATE_DIR: "",
  MILADY_API_TOKEN: "",
  OPENAI_API_KEY: "",
  ANTHROPIC_API_KEY: "",
  OPENROUTER_API_KEY: "",
  GROQ_API_KEY: "",
  GOOGLE_GENERATIVE_AI_API_KEY: "",
  OLLAMA_API_ENDPOINT: "",
  POSTGRES_URL: "",
};

interface Record_ {
  call: string;
  at: number;
  [key: string]: unknown;
}

interface DesktopApp {
  proc: Subprocess<"pipe", "pipe", "pipe">;
  stateDir: string;
  url: string;
  records(): Record_[];
  stderr(): string;
  send(command: unknown): void;
  waitFor(what: string, match: (r: Record_) => boolean, timeoutMs?: number): Promise<Record_>;
}

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function startDesktopApp(stateDir: string, args: string[] = []): Promise<DesktopApp> {
  const logFile = join(stateDir, "fake-shell.jsonl");
  const proc = Bun.spawn([process.execPath, ENTRY, "start", "--port", "0", "--state-dir", stateDir, ...args], {
    cwd: stateDir,
    stdin: "pipe",
    stdout: "pipe",
    stderr: "pipe",
    env: { ...ENV, MILADY_FAKE_SHELL_LOG: logFile },
  });
  cleanup.push(async () => {
    if (proc.exitCode === null) {
      proc.kill("SIGTERM");
      await proc.exited;
    }
  });
  let stderr = "";
  void (async () => {
    const decoder = new TextDecoder();
    const reader = proc.stderr.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) stderr += decoder.decode(next.value);
  })();
  void new Response(proc.stdout).text();
  const records = (): Record_[] =>
    existsSync(logFile)
      ? readFileSync(logFile, "utf8")
          .split("\n")
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Record_)
      : [];
  const waitFor = async (what: string, match: (r: Record_) => boolean, timeoutMs = 20_000): Promise<Record_> => {
    const found = await until(
      () => {
        if (proc.exitCode !== null) throw new Error(`the desktop app exited with ${proc.exitCode}:\n${stderr}`);
        return records().find(match);
      },
      timeoutMs,
      what,
    );
    return found!;
  };
  await waitFor("the window", (r) => r.call === "openWindow", 30_000);
  const lock = await until(
    () => {
      const owner = JSON.parse(readFileSync(join(stateDir, "milady.lock"), "utf8"));
      return owner.url && owner.pid === proc.pid ? owner : undefined;
    },
    10_000,
    "the lock with the address",
  );
  return {
    proc,
    stateDir,
    url: lock.url as string,
    records,
    stderr: () => stderr,
    send: (command) => {
      proc.stdin.write(`${JSON.stringify(command)}\n`);
      proc.stdin.flush();
    },
    waitFor,
  };
}

async function launch(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const proc = Bun.spawn([process.execPath, MAIN, ...args], { stdout: "pipe", stderr: "pipe", env: ENV });
  const timer = setTimeout(() => proc.kill("SIGKILL"), 60_000);
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  clearTimeout(timer);
  return { code, stdout, stderr };
}

function newState(): string {
  const dir = tempStateDir("milady-desktop-it-");
  cleanup.push(() => removeDir(dir));
  return dir;
}

async function statusOf(url: string): Promise<{ state: string; startedAt?: number }> {
  return (await (await fetch(`${url}/api/status`)).json()) as { state: string; startedAt?: number };
}

describe("the desktop app, as real processes", () => {
  test("the window opens on the dashboard before the agent is ready, and the page is served at once", async () => {
    const app = await startDesktopApp(newState());
    const opened = app.records().find((r) => r.call === "openWindow")!;
    expect(opened.url).toBe(`${app.url}/`);
    const page = await fetch(String(opened.url), { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    await page.body?.cancel();
    const ready = await until(
      async () => {
        const status = await statusOf(app.url);
        return status.state === "running" ? status : undefined;
      },
      60_000,
      "the agent to run",
    );
    expect(opened.at).toBeLessThan(ready!.startedAt!);
    const lock = JSON.parse(readFileSync(join(app.stateDir, "milady.lock"), "utf8"));
    expect(lock).toMatchObject({ pid: app.proc.pid, mode: "desktop", url: app.url });
    // The tray follows the agent: busy while it starts, running once it is.
    await app.waitFor("the running tray icon", (r) => r.call === "trayIcon" && r.state === "running");
    // The desktop layer plugged the shell's updater (a dev build here) into /api/updates.
    const updates = await until(
      async () => {
        const status = (await (await fetch(`${app.url}/api/updates`)).json()) as { state: string; backend: string };
        return status.state === "disabled" ? status : undefined;
      },
      10_000,
      "the desktop update policy to answer /api/updates",
    );
    expect(updates).toMatchObject({ backend: "desktop", message: expect.stringContaining("development build") });
  }, 120_000);

  test("a second `milady start`, with or without --cli, focuses the running app and exits 0; links from argv open in it", async () => {
    const app = await startDesktopApp(newState());
    const focusesBefore = app.records().filter((r) => r.call === "focus").length;

    const cli = await launch(["start", "--cli", "--port", "0", "--state-dir", app.stateDir]);
    expect(cli.code).toBe(0);
    expect(cli.stdout.trim().split("\n")).toEqual([
      `Milady is already running (pid ${app.proc.pid}, ${app.url}): brought its window to the front.`,
    ]);
    await app.waitFor("a focus", () => app.records().filter((r) => r.call === "focus").length > focusesBefore);

    const linked = await launch(["start", "milady://chat?text=from%20a%20link", "--state-dir", app.stateDir]);
    expect(linked.code).toBe(0);
    expect(linked.stdout).toContain("brought its window to the front, at the link");
    await app.waitFor(
      "the chat link in the window",
      (r) => r.call === "loadUrl" && r.url === `${app.url}/#/chat/new?text=from%20a%20link`,
    );

    // How an OS hands a link to the app: the link alone on the command line.
    const bare = await launch(["milady://settings/desktop", "--state-dir", app.stateDir]);
    expect(bare.code).toBe(0);
    await app.waitFor("the settings link", (r) => r.call === "loadUrl" && r.url === `${app.url}/#/settings/desktop`);

    const unknown = await launch(["start", "milady://wipe?everything=yes", "--state-dir", app.stateDir]);
    expect(unknown.code).toBe(0);
    expect(unknown.stdout).toContain("it ignored the link");
    await until(() => app.stderr().includes("ignored milady://wipe"), 10_000, "the ignored-link log line");
    expect(app.stderr()).not.toContain("everything=yes");
    // Nothing else opened the database meanwhile: still one agent, the first one.
    expect((await statusOf(app.url)).state).not.toBe("error");
  }, 120_000);

  test("on a LAN bind the window gets the generated token through its preload, never its URL or the log; a second start uses it", async () => {
    const app = await startDesktopApp(newState(), ["--bind", "0.0.0.0"]);
    const token = await until(
      () => /^MILADY_API_TOKEN=(.+)$/m.exec(readFileSync(join(app.stateDir, ".env"), "utf8"))?.[1],
      10_000,
      "the generated token in the state .env",
    );
    const opened = app.records().find((r) => r.call === "openWindow")!;
    expect(String(opened.url)).not.toContain(token!);
    expect(String(opened.preload)).toContain(token!);
    expect((await fetch(`${app.url}/api/status`)).status).toBe(401);

    const second = await launch(["start", "--cli", "--state-dir", app.stateDir]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("brought its window to the front");
    expect(second.stdout + second.stderr).not.toContain(token!);
    const log = join(app.stateDir, "logs", "milady.log");
    await until(
      () => existsSync(log) && readFileSync(log, "utf8").includes("desktop window, tray and menus are up"),
      10_000,
      "the log",
    );
    expect(readFileSync(log, "utf8")).not.toContain(token!);
  }, 120_000);

  test("closed to the tray, the app keeps running; a second launch reopens the window", async () => {
    const app = await startDesktopApp(newState());
    app.send({ do: "close" });
    await app.waitFor("the close-to-tray notice", (r) => r.call === "notify" && String(r.body).includes("tray"));
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
    const again = await launch(["start", "--state-dir", app.stateDir]);
    expect(again.code).toBe(0);
    await app.waitFor("a second window", () => app.records().filter((r) => r.call === "openWindow").length === 2);
  }, 120_000);

  test("Quit in the tray shuts down gracefully: exit 0, lock and run file removed", async () => {
    const app = await startDesktopApp(newState());
    app.send({ do: "tray", item: "Quit Milady" });
    // A hang bound: the agent and server stop first, slower on a loaded machine.
    const code = await Promise.race([app.proc.exited, Bun.sleep(60_000).then(() => "still running")]);
    expect(code).toBe(0);
    expect(existsSync(join(app.stateDir, "milady.lock"))).toBe(false);
    expect(existsSync(join(app.stateDir, "milady.run.json"))).toBe(false);
    // The exit can resolve before the pipe's last lines are read.
    await until(() => app.stderr().includes("shutting down"), 10_000, "'shutting down' on stderr");
  }, 120_000);

  test("a desktop app's lock left by kill -9 never blocks the next start (nothing to hand off to)", async () => {
    const stateDir = newState();
    const app = await startDesktopApp(stateDir);
    app.proc.kill("SIGKILL");
    await app.proc.exited;
    expect(JSON.parse(readFileSync(join(stateDir, "milady.lock"), "utf8")).mode).toBe("desktop");
    const next = await startDesktopApp(stateDir);
    expect(next.proc.pid).not.toBe(app.proc.pid);
    expect(JSON.parse(readFileSync(join(stateDir, "milady.lock"), "utf8")).pid).toBe(next.proc.pid);
  }, 120_000);
});

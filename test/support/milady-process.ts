import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { databaseEnv } from "./test-database";

const ROOT = join(import.meta.dir, "..", "..");
export const MAIN = join(ROOT, "src-main", "main.ts");
export const RUNNER = join(ROOT, "bin", "milady.mjs");

export interface MiladyProcess {
  url: string;
  port: number;
  runId: string;
  stateDir: string;
  proc: Subprocess;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Everything the process wrote to stdout so far. */
  stdout(): string;
  /** Authorised fetch against the server. */
  api(path: string, init?: RequestInit): Promise<Response>;
  json<T = any>(path: string, init?: RequestInit): Promise<T>;
  /** SIGTERM and wait; resolves with the exit code. */
  stop(): Promise<number>;
}

export interface StartOptions {
  stateDir?: string;
  args?: string[];
  env?: Record<string, string>;
  /** The scripted model test double (default true). */
  scripted?: boolean;
  token?: string;
  /**
   * Through bin/milady.mjs instead of main directly: "bun" is what `npm start` runs (main in the
   * same process), "node" the `milady` command under Node (execs Bun, or supervises it as a child).
   */
  viaRunner?: "bun" | "node";
  waitForAgent?: boolean;
  /** The main file to run (default src-main/main.ts; the bundle test passes dist/main/main.js). */
  main?: string;
  /** Bun preload scripts (e.g. test/support/process-inspector.ts). */
  preload?: string[];
}

export function tempStateDir(prefix = "milady-it-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Starts the real main process on a free port with its own state dir. */
export async function startMilady(options: StartOptions = {}): Promise<MiladyProcess> {
  const stateDir = options.stateDir ?? tempStateDir();
  // MILADY_TEST_DB=postgres: this state dir's own database on the shared server, unless the test names one.
  const database = options.env && "POSTGRES_URL" in options.env ? {} : await databaseEnv(stateDir);
  const preload = (options.preload ?? []).flatMap((file) => ["--preload", file]);
  const cmd = options.viaRunner
    ? [options.viaRunner === "bun" ? process.execPath : "node", RUNNER]
    : [process.execPath, ...preload, options.main ?? MAIN];
  const proc = Bun.spawn([...cmd, "start", "--cli", "--port", "0", "--state-dir", stateDir, ...(options.args ?? [])], {
    cwd: stateDir,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      ...process.env,
      NO_COLOR: "1",
      MILADY_SCRIPTED_MODEL: options.scripted === false ? "0" : "1",
      MILADY_STATE_DIR: "",
      MILADY_API_TOKEN: options.token ?? "",
      // A developer's own keys must not change what the tests see.
      OPENAI_API_KEY: "",
      ANTHROPIC_API_KEY: "",
      OPENROUTER_API_KEY: "",
      GROQ_API_KEY: "",
      GOOGLE_GENERATIVE_AI_API_KEY: "",
      OLLAMA_API_ENDPOINT: "",
      POSTGRES_URL: "",
      ...database,
      ...options.env,
    },
  });
  let stderr = "";
  let stdout = "";
  const collect = async (stream: ReadableStream<Uint8Array>, add: (text: string) => void) => {
    const decoder = new TextDecoder();
    const reader = stream.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) add(decoder.decode(next.value));
  };
  const collected = Promise.all([
    collect(proc.stderr, (text) => {
      stderr += text;
    }),
    collect(proc.stdout, (text) => {
      stdout += text;
    }),
  ]).catch(() => undefined);
  const runFile = join(stateDir, "milady.run.json");
  const deadline = Date.now() + 30_000;
  let info: { url: string; port: number; runId: string } | undefined;
  while (!info) {
    if (proc.exitCode !== null) throw new Error(`milady exited with ${proc.exitCode}:\n${stderr}`);
    if (Date.now() > deadline) throw new Error(`milady did not start in 30 s:\n${stderr}`);
    try {
      const found = JSON.parse(readFileSync(runFile, "utf8")) as {
        pid: number;
        url: string;
        port: number;
        runId: string;
      };
      // A run file left by a killed predecessor names another pid: wait for ours (the runner's child under viaRunner).
      if (options.viaRunner || found.pid === proc.pid) info = found;
      else await Bun.sleep(25);
    } catch {
      await Bun.sleep(25);
    }
  }
  const headers = (init?: RequestInit) => {
    const h = new Headers(init?.headers);
    if (options.token && !h.has("authorization")) h.set("authorization", `Bearer ${options.token}`);
    return h;
  };
  const api = (path: string, init?: RequestInit) => fetch(`${info!.url}${path}`, { ...init, headers: headers(init) });
  const milady: MiladyProcess = {
    ...info,
    stateDir,
    proc,
    stderr: () => stderr,
    stdout: () => stdout,
    api,
    json: async (path, init) => {
      const res = await api(path, init);
      const body = await res.json();
      if (!res.ok) throw new Error(`${init?.method ?? "GET"} ${path} -> ${res.status} ${JSON.stringify(body)}`);
      return body;
    },
    stop: async () => {
      proc.kill("SIGTERM");
      const code = await proc.exited;
      // The exit can resolve before the last lines are read from the pipes: a test reading
      // stderr() right after stop() must see them (bounded, should a child still hold a pipe).
      await Promise.race([collected, Bun.sleep(5000)]);
      return code;
    },
  };
  // 90 s: seen over 60 s at load 22 on 2 cores (plugins-api's many plugins); with the 30 s above
  // it stays within the integration group's 120 s per test.
  if (options.waitForAgent !== false) await waitForState(milady, ["running"], 90_000);
  return milady;
}

export async function waitForState(m: Pick<MiladyProcess, "json">, states: string[], timeoutMs = 30_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  while (Date.now() < deadline) {
    last = await m.json("/api/status").catch(() => undefined);
    if (last && states.includes(last.state)) return last;
    await Bun.sleep(50);
  }
  throw new Error(`agent never reached ${states.join("/")}; last status: ${JSON.stringify(last)}`);
}

export function postJson(body: unknown, extra: Record<string, string> = {}): RequestInit {
  return { method: "POST", headers: { "content-type": "application/json", ...extra }, body: JSON.stringify(body) };
}

/** Reads a text/event-stream response into parsed `data:` JSON events. */
export async function readSse(res: Response): Promise<any[]> {
  const text = await res.text();
  return text
    .split("\n\n")
    .map((block) =>
      block
        .split("\n")
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5).trim())
        .join("\n"),
    )
    .filter(Boolean)
    .map((data) => JSON.parse(data));
}

export function fileText(path: string): string {
  return readFileSync(path, "utf8");
}

/** Runs `milady ARGS --state-dir DIR` (main.ts on this Bun) to its end, as a user in a terminal would. */
export async function runCli(
  stateDir: string,
  args: string[],
): Promise<{ stdout: string; stderr: string; code: number }> {
  const proc = Bun.spawn([process.execPath, MAIN, ...args, "--state-dir", stateDir], {
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, NO_COLOR: "1", MILADY_STATE_DIR: "", MILADY_API_TOKEN: "" },
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { stdout, stderr, code };
}

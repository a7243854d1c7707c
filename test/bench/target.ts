import type { Subprocess } from "bun";
import { treeRssMb } from "./proc-stats";

/** What the bench needs from a server under test (Milady or the elizaOS peer). */
export interface RunningTarget {
  pid: number;
  url: string;
  /** ms from spawn to the first 200 of the health route. */
  healthMs: number;
  /** ms from spawn to the agent being able to answer. */
  readyMs: number;
  newConversation(): Promise<string>;
  /** Sends one message and returns the reply text (waits for it). */
  send(conversationId: string, text: string): Promise<string>;
  /** RSS of the process tree in MB. */
  rssMb(): number | undefined;
  stderr(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  stateDir: string;
  /** Extra CLI arguments (Milady) */
  args?: string[];
  env?: Record<string, string>;
}

export type Launcher = (options: StartOptions) => Promise<RunningTarget>;

/** Start-up must finish within this, or the bench reports the target as failed to start. */
export const START_TIMEOUT_MS = 90_000;
/** One chat turn with the scripted model takes ~0.1 s; 60 s means something hangs. */
export const REQUEST_TIMEOUT_MS = 60_000;

export function collectStderr(proc: Subprocess<"ignore", "pipe", "pipe">): () => string {
  let text = "";
  void (async () => {
    const decoder = new TextDecoder();
    const reader = proc.stderr.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      text += decoder.decode(next.value);
      // Keep the tail only: a long run must not grow without bound.
      if (text.length > 200_000) text = text.slice(-100_000);
    }
  })();
  void new Response(proc.stdout).text();
  return () => text;
}

export async function stopProcess(proc: Subprocess, graceMs = 8_000): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  proc.kill("SIGTERM");
  const exited = await Promise.race([proc.exited.then(() => true), Bun.sleep(graceMs).then(() => false)]);
  if (!exited) {
    proc.kill("SIGKILL");
    await proc.exited;
  }
}

export function processRss(pid: number): () => number | undefined {
  return () => treeRssMb(pid);
}

export async function postJson<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${url} -> ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** Polls `check` every `intervalMs` until it returns true; throws with `what` on timeout or exit. */
export async function pollUntil(
  what: string,
  check: () => Promise<boolean> | boolean,
  proc: Subprocess,
  stderr: () => string,
  intervalMs = 10,
  timeoutMs = START_TIMEOUT_MS,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (proc.exitCode !== null)
      throw new Error(`process exited (${proc.exitCode}) before ${what}:\n${stderr().slice(-3000)}`);
    if (performance.now() > deadline)
      throw new Error(`no ${what} within ${timeoutMs / 1000} s:\n${stderr().slice(-3000)}`);
    await Bun.sleep(intervalMs);
  }
}

export async function httpOk(url: string, accept?: (body: { state?: string } | null) => boolean): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    if (!res.ok) {
      await res.body?.cancel();
      return false;
    }
    if (!accept) {
      await res.body?.cancel();
      return true;
    }
    return accept(await res.json());
  } catch {
    return false;
  }
}

/** Servers the bench started and has not stopped yet: killed if the bench itself dies or is interrupted. */
const live = new Set<Subprocess>();

export function track<T extends Subprocess>(proc: T): T {
  live.add(proc);
  void proc.exited.then(() => live.delete(proc));
  return proc;
}

function killLive(): void {
  for (const proc of live) proc.kill("SIGKILL");
}
process.on("exit", killLive);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    killLive();
    process.exit(130);
  });
}

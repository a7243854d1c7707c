import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeTinyGguf } from "../../build/make-tiny-gguf";
import { ROOT, startMiladyTarget } from "./milady-target";
import { REQUEST_TIMEOUT_MS } from "./target";

export interface GgufResult {
  /** Token events of the streamed reply per second, first to last token (decode rate through the agent). */
  agentTokensPerSecond: number;
  /** Token events over the whole turn, request sent to `done` (includes prompt eval and XML). */
  agentTurnTokensPerSecond: number;
  tokenEvents: number;
  /** Gaps between consecutive token events that the stream rate is built on. */
  intervals: number;
  turns: number;
  /** Turns that ended in an error event (e.g. "no reply text" from random weights). */
  failedTurns: number;
  firstError?: string;
  directTokensPerSecond: number;
  directSource: string;
}

const MIN_INTERVALS = 60;

export interface StreamedTurn {
  /** POST sent -> first `token` event (client side: includes the agent's turn before the model); -1 without one. */
  firstTokenMs: number;
  tokenTimes: number[];
  totalMs: number;
  /** A random-weight model sometimes says nothing usable: the turn ends with an error event. */
  error?: string;
}

/** POSTs a message with Accept: text/event-stream and times each `token` event as it arrives. */
export async function streamTurn(
  url: string,
  conversationId: string,
  text: string,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<StreamedTurn> {
  const start = performance.now();
  const res = await fetch(`${url}/api/conversations/${conversationId}/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify({ text }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok || !res.body) throw new Error(`streamed chat -> ${res.status}: ${(await res.text()).slice(0, 300)}`);
  const tokenTimes: number[] = [];
  const decoder = new TextDecoder();
  let buffer = "";
  let done = false;
  let error: string | undefined;
  const reader = res.body.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    buffer += decoder.decode(next.value, { stream: true });
    let cut = buffer.indexOf("\n\n");
    while (cut >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const data = block
        .split("\n")
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5).trim())
        .join("\n");
      if (data) {
        const event = JSON.parse(data) as { type: string; error?: { message: string } };
        if (event.type === "token") tokenTimes.push(performance.now());
        else if (event.type === "error") error = event.error?.message ?? "error event";
        else if (event.type === "done") done = true;
      }
      cut = buffer.indexOf("\n\n");
    }
  }
  if (!done && !error) throw new Error("the stream ended without a done or error event");
  const firstTokenMs = tokenTimes.length ? tokenTimes[0] - start : -1;
  return { firstTokenMs, tokenTimes, totalMs: performance.now() - start, error };
}

/** Runs a bench script of this folder in its own Bun process (its native threads never share the harness); its last stdout line is JSON. */
export async function runDirectScript<T>(script: string, args: string[]): Promise<T> {
  const proc = Bun.spawn([process.execPath, join(import.meta.dir, script), ...args], {
    cwd: ROOT,
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) throw new Error(`direct node-llama-cpp run ${script} failed (${code}): ${err.slice(-1000)}`);
  return JSON.parse(out.trim().split("\n").at(-1) ?? "{}");
}

const direct = (modelPath: string, tokens: number) =>
  runDirectScript<{ tokensPerSecond: number; source: string }>("direct-tps.ts", [modelPath, String(tokens)]);

/**
 * Milady with the tiny GGUF (`--model`, MILADY_THREADS=1, no scripted model): `turns` streamed
 * replies, then node-llama-cpp directly with threads 1 on the same file.
 */
export async function ggufBench(turns: number, budgetMs: number): Promise<GgufResult> {
  const dir = mkdtempSync(join(tmpdir(), "milady-bench-gguf-"));
  const modelPath = join(dir, "tiny.gguf");
  await writeTinyGguf(modelPath, { seed: 7 });
  const target = await startMiladyTarget({
    stateDir: dir,
    args: ["--model", modelPath],
    env: { MILADY_SCRIPTED_MODEL: "0", MILADY_THREADS: "1" },
  });
  let tokenEvents = 0;
  let failedTurns = 0;
  let turnsRun = 0;
  let firstError: string | undefined;
  let intervals = 0;
  let streamMs = 0;
  let turnMs = 0;
  try {
    const conversationId = await target.newConversation();
    await streamTurn(target.url, conversationId, "warm up: load the model"); // first turn loads the model
    // Random weights often end the text after a few tokens: keep going (bounded by `budgetMs`)
    // until at least MIN_INTERVALS token gaps were timed, so the rate is not built on 3 samples.
    const deadline = performance.now() + budgetMs;
    for (let i = 0; i < turns || (intervals < MIN_INTERVALS && performance.now() < deadline); i++) {
      turnsRun++;
      const t = await streamTurn(target.url, conversationId, `tell me a story number ${i}`);
      tokenEvents += t.tokenTimes.length;
      if (t.error) failedTurns++;
      firstError ??= t.error;
      turnMs += t.totalMs;
      if (t.tokenTimes.length > 1) {
        // n events span n-1 gaps: the decode rate is gaps / time between first and last.
        intervals += t.tokenTimes.length - 1;
        streamMs += (t.tokenTimes.at(-1) as number) - t.tokenTimes[0];
      }
    }
  } finally {
    await target.stop();
  }
  try {
    if (tokenEvents === 0)
      throw new Error(`no token was streamed in ${turnsRun} turns (${failedTurns} ended in an error event)`);
    const d = await direct(modelPath, 256);
    return {
      agentTokensPerSecond: streamMs > 0 ? intervals / (streamMs / 1000) : Number.NaN,
      agentTurnTokensPerSecond: turnMs > 0 ? tokenEvents / (turnMs / 1000) : Number.NaN,
      tokenEvents,
      intervals,
      turns: turnsRun,
      failedTurns,
      firstError,
      directTokensPerSecond: d.tokensPerSecond,
      directSource: d.source,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GGUF_SIZES, writeTinyGguf } from "../../build/make-tiny-gguf";
import type { ColdReplay } from "../../src-agent/models/direct-bench";
import { PROMPT_TRACE_ENV, type PromptTraceRecord, parsePromptTrace } from "../../src-agent/models/prompt-trace";
import { runDirectScript, streamTurn } from "./gguf-bench";
import { startMiladyTarget } from "./milady-target";
import type { Row, Value } from "./report";
import { median, type Outcome } from "./rounds";
import { decodeGaps, decodeRate, preloadsOf, replyCallOf } from "./warm-model-figures";

/**
 * The medium GGUF's own context (16k); Milady's default (4096) would shift the head out of a ~6k-token
 * reply prompt, and at 8k turn 5's prompt was already cut to fit (its head moved, so nothing was reused).
 */
const CONTEXT_SIZE = GGUF_SIZES.medium.context;
/** A turn is two ~5k-token prompts evaluated on one thread (~1 min here); the agent's own reply timeout is 300 s. */
const TURN_TIMEOUT_MS = 300_000;
const REPLY_MAX_TOKENS = 64;
/**
 * A user reads the reply and types the next message; meanwhile the agent evaluates the next
 * turn's head (next-turn-preload.ts). The bench waits for that preload, bounded: a preload
 * skipped or slower than this leaves the next turn to evaluate it, and the figures show it.
 */
const USER_PAUSE_MAX_MS = 120_000;

/** One DM turn of the measured conversation: the client's view and the agent's traced reply call. */
export interface WarmTurn {
  clientFirstTokenMs: number;
  clientTotalMs: number;
  tokenEvents: number;
  error?: string;
  /** The reply call's figures from MILADY_PROMPT_TRACE (prompt text left out of the JSON). */
  call?: Omit<PromptTraceRecord, "prompt" | "system" | "grammar"> & { promptChars: number };
}

export interface WarmModelResult {
  turns: WarmTurn[];
  /** Agent-side time to first token of the last turn (server figure: model call -> first text chunk). */
  lastTurnFirstTokenMs: number;
  /** The same prompt evaluated cold by node-llama-cpp directly (median of the replays of that turn). */
  coldFirstTokenMs: number;
  /** Decode rate of the replayed turns inside the agent and directly (same prompts, grammar, temperature). */
  agentTokensPerSecond: number;
  directTokensPerSecond: number;
  agentDecodeGaps: number;
  directDecodeGaps: number;
  /** Direct replays: which turn (1-based) each one replayed. */
  replays: (ColdReplay & { turn: number })[];
  directSource: string;
  /** Next-turn preloads done in the user's pauses (of turns - 1). */
  preloads: number;
}

const directReplay = (modelPath: string, recordsFile: string) =>
  runDirectScript<{ replays: ColdReplay[]; source: string }>("direct-replay.ts", [
    modelPath,
    recordsFile,
    String(CONTEXT_SIZE),
  ]);

const readTrace = (file: string): PromptTraceRecord[] => {
  try {
    return parsePromptTrace(readFileSync(file, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
};

/**
 * Milady on a seeded medium GGUF (`--model`, MILADY_THREADS=1, temperature 0, 16k context,
 * MILADY_PROMPT_TRACE on): a warm-up turn in another conversation loads the model, then one DM
 * conversation of `turns` streamed turns. Then node-llama-cpp directly, threads 1, in its own
 * process, replays the last `replayTurns` turns' exact reply prompts cold (once each: a cold
 * ~5k-token prompt takes ~15 s on one thread here).
 */
export async function warmModelBench(turns: number, replayTurns: number): Promise<WarmModelResult> {
  const dir = mkdtempSync(join(tmpdir(), "milady-bench-warm-"));
  const modelPath = join(dir, "medium.gguf");
  const traceFile = join(dir, "prompts.jsonl");
  await writeTinyGguf(modelPath, { seed: 7, size: "medium" });
  // Greedy decoding: the agent and the direct replay generate the same tokens under the same grammar.
  // maxTokens 64 (the grammar's floor: thought <= 32, text <= 64 characters): random-weight replies
  // at the default 512 add ~1.3k tokens a turn, and turn 4's prompt no longer fit an 8k context.
  const local = { contextSize: CONTEXT_SIZE, temperature: 0, maxTokens: REPLY_MAX_TOKENS };
  writeFileSync(join(dir, "milady.json"), JSON.stringify({ models: { local } }));
  try {
    const target = await startMiladyTarget({
      stateDir: dir,
      args: ["--model", modelPath],
      env: { MILADY_SCRIPTED_MODEL: "0", MILADY_THREADS: "1", [PROMPT_TRACE_ENV]: traceFile },
    });
    const measured: WarmTurn[] = [];
    const calls: (PromptTraceRecord | undefined)[] = [];
    let preloads = 0;
    try {
      const warmUp = await target.newConversation();
      await streamTurn(target.url, warmUp, "warm up: load the model", TURN_TIMEOUT_MS);
      const conversationId = await target.newConversation();
      for (let i = 1; i <= turns; i++) {
        const before = readTrace(traceFile).length;
        const t = await streamTurn(
          target.url,
          conversationId,
          `turn ${i}: tell me about the weather and your day`,
          TURN_TIMEOUT_MS,
        );
        const call = replyCallOf(readTrace(traceFile).slice(before), conversationId);
        if (i < turns) {
          const deadline = Date.now() + USER_PAUSE_MAX_MS;
          while (preloadsOf(readTrace(traceFile), conversationId).length < i && Date.now() < deadline)
            await Bun.sleep(100);
        }
        // A turn without a traced reply call (its generation failed) is kept with its error, not dropped.
        calls.push(call);
        const { prompt, system, grammar, ...figures } = call ?? ({} as PromptTraceRecord);
        measured.push({
          clientFirstTokenMs: t.firstTokenMs,
          clientTotalMs: t.totalMs,
          tokenEvents: t.tokenTimes.length,
          error: t.error,
          call: call ? { ...figures, promptChars: (system?.length ?? 0) + prompt.length } : undefined,
        });
      }
      preloads = preloadsOf(readTrace(traceFile), conversationId).length;
    } finally {
      await target.stop();
    }
    const last = calls[calls.length - 1];
    if (!last)
      throw new Error(
        `turn ${turns} left no traced reply call: ${measured.at(-1)?.error ?? `is ${PROMPT_TRACE_ENV} reaching the agent?`}`,
      );
    const replayed = calls.slice(-replayTurns).filter((c): c is PromptTraceRecord => c !== undefined);
    const recordsFile = join(dir, "replay.json");
    writeFileSync(recordsFile, JSON.stringify(replayed));
    const direct = await directReplay(modelPath, recordsFile);
    const replayedTurns = calls.map((c, i) => (c && replayed.includes(c) ? i + 1 : 0)).filter((t) => t > 0);
    const replays = direct.replays.map((r, i) => ({ ...r, turn: replayedTurns[i] }));
    return {
      turns: measured,
      lastTurnFirstTokenMs: last.firstTokenMs,
      coldFirstTokenMs: median(replays.filter((r) => r.turn === turns).map((r) => r.firstTokenMs)),
      agentTokensPerSecond: decodeRate(replayed),
      directTokensPerSecond: decodeRate(direct.replays),
      agentDecodeGaps: decodeGaps(replayed),
      directDecodeGaps: decodeGaps(direct.replays),
      replays,
      directSource: direct.source,
      preloads,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Fewer decode gaps than this on either side is noise, not a rate. */
const MIN_DECODE_GAPS = 20;

/** The warm-model rows (issue #13's last two targets and what explains them). */
export function warmModelRows(result: Outcome<WarmModelResult>, turns: number): Row[] {
  const get = (pick: (w: WarmModelResult) => number | undefined): Value => {
    if (!result.ok) return { na: result.error };
    const x = pick(result.value);
    return x === undefined || !Number.isFinite(x) || x < 0 ? { na: "not measured" } : x;
  };
  const rate = (pick: (w: WarmModelResult) => number, gaps: (w: WarmModelResult) => number): Value =>
    result.ok && gaps(result.value) < MIN_DECODE_GAPS
      ? { na: `only ${gaps(result.value)} decode gaps (random weights ended early)` }
      : get(pick);
  const lastCall = (w: WarmModelResult) => w.turns.at(-1)?.call;
  return [
    {
      metric: `local model: 1st token turn ${turns} (peer col: cold, direct)`,
      unit: "ms",
      milady: get((w) => w.lastTurnFirstTokenMs),
      peer: get((w) => w.coldFirstTokenMs),
      target: { kind: "ratio", max: 0.3, label: "<= 0.3x cold" },
    },
    {
      metric: `local model: turn ${turns} tokens evaluated (peer col: prompt)`,
      unit: "",
      milady: get((w) => lastCall(w)?.evaluatedTokens),
      peer: get((w) => lastCall(w)?.promptTokens),
      target: { kind: "info", label: "info (share re-evaluated)" },
    },
    {
      metric: `local model: turn ${turns} POST -> 1st SSE token`,
      unit: "ms",
      milady: get((w) => w.turns.at(-1)?.clientFirstTokenMs),
      peer: { na: "not applicable" },
      target: { kind: "info", label: "info (client side)" },
    },
    {
      metric: "local model tok/s (peer col: direct, same prompts)",
      unit: "tok/s",
      milady: rate(
        (w) => w.agentTokensPerSecond,
        (w) => w.agentDecodeGaps,
      ),
      peer: rate(
        (w) => w.directTokensPerSecond,
        (w) => w.directDecodeGaps,
      ),
      target: { kind: "ratio", min: 0.95, label: ">= 0.95x direct" },
    },
    {
      metric: `local model: next-turn preloads in the user's pauses (of ${turns - 1})`,
      unit: "",
      milady: get((w) => w.preloads),
      peer: { na: "not applicable" },
      target: { kind: "info", label: "info" },
    },
  ];
}

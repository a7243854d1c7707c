// Pure parts of the warm-model bench: the prompt trace's lines, which call is a turn's reply, decode rates.
import { describe, expect, test } from "bun:test";
import { type PromptTraceRecord, parsePromptTrace, promptTraceFile } from "../../src-agent/models/prompt-trace";
import { evaluate } from "./report";
import { type WarmModelResult, warmModelRows } from "./warm-model-bench";
import { decodeGaps, decodeRate, preloadsOf, replyCallOf } from "./warm-model-figures";

const record = (sessionKey: string, extra: Partial<PromptTraceRecord> = {}): PromptTraceRecord => ({
  sessionKey,
  prompt: `prompt of ${sessionKey}`,
  maxTokens: 512,
  temperature: 0,
  promptTokens: 100,
  evaluatedTokens: 10,
  completionTokens: 5,
  firstTokenMs: 50,
  totalMs: 90,
  ...extra,
});

describe("prompt trace", () => {
  test("is off unless MILADY_PROMPT_TRACE names a file", () => {
    expect(promptTraceFile({})).toBeUndefined();
    expect(promptTraceFile({ MILADY_PROMPT_TRACE: "  " })).toBeUndefined();
    expect(promptTraceFile({ MILADY_PROMPT_TRACE: "/tmp/p.jsonl" })).toBe("/tmp/p.jsonl");
  });

  test("parses one record a line, drops only a torn last line", () => {
    const lines = [JSON.stringify(record("a:plan")), "", JSON.stringify(record("b:text"))];
    expect(parsePromptTrace(`${lines.join("\n")}\n`).map((r) => r.sessionKey)).toEqual(["a:plan", "b:text"]);
    expect(parsePromptTrace(`${lines.join("\n")}\n{"sessionKey":"c`).map((r) => r.sessionKey)).toEqual([
      "a:plan",
      "b:text",
    ]);
    expect(() => parsePromptTrace(`{"torn\n${lines[0]}\n`)).toThrow(/line 1/);
  });
});

describe("warm-model figures", () => {
  test("a turn's reply call is its conversation's plan prompt, else its REPLY prompt", () => {
    const turn = [record("other:plan"), record("c1:text"), record("c1:reply"), record("c1:plan")];
    expect(replyCallOf(turn, "c1")?.sessionKey).toBe("c1:plan");
    expect(replyCallOf(turn.slice(0, 3), "c1")?.sessionKey).toBe("c1:reply");
    expect(replyCallOf(turn.slice(0, 2), "c1")).toBeUndefined();
    // The next turn's preload shares the plan's sequence but is no generation.
    const preloaded = [record("c1:plan", { kind: "preload" }), record("c1:reply")];
    expect(replyCallOf(preloaded, "c1")?.sessionKey).toBe("c1:reply");
    expect(preloadsOf([...preloaded, record("c2:plan", { kind: "preload" })], "c1")).toEqual([preloaded[0]]);
  });

  test("decode rate leaves the time to first token out and sums over generations", () => {
    // 11 tokens: 10 gaps in 100 ms after the first; 21 tokens: 20 gaps in 100 ms.
    const timings = [
      { completionTokens: 11, firstTokenMs: 900, totalMs: 1000 },
      { completionTokens: 21, firstTokenMs: 50, totalMs: 150 },
    ];
    expect(decodeRate(timings)).toBeCloseTo(30 / 0.2, 6);
    expect(decodeGaps(timings)).toBe(30);
  });

  test("a generation without two tokens or without a first token gives no rate", () => {
    const none = [
      { completionTokens: 1, firstTokenMs: 10, totalMs: 20 },
      { completionTokens: 5, firstTokenMs: -1, totalMs: 20 },
    ];
    expect(decodeRate(none)).toBeNaN();
    expect(decodeGaps(none)).toBe(0);
  });
});

describe("warm-model rows", () => {
  const result = (over: Partial<WarmModelResult>): WarmModelResult => ({
    turns: [
      {
        clientFirstTokenMs: 9000,
        clientTotalMs: 20000,
        tokenEvents: 50,
        call: { ...record("c:plan", { promptTokens: 5000, evaluatedTokens: 400 }), promptChars: 12000 },
      },
    ],
    lastTurnFirstTokenMs: 1000,
    coldFirstTokenMs: 10000,
    agentTokensPerSecond: 25,
    directTokensPerSecond: 26,
    agentDecodeGaps: 400,
    directDecodeGaps: 400,
    replays: [],
    directSource: "test",
    preloads: 9,
    ...over,
  });

  test("time to first token and tokens/s are judged against the cold direct figures", () => {
    const rows = warmModelRows({ ok: true, value: result({}) }, 10).map(evaluate);
    const [ttft, evaluated, client, rate, preloads] = rows;
    expect(preloads).toMatchObject({ milady: 9, pass: null });
    expect(ttft).toMatchObject({ milady: 1000, peer: 10000, ratio: 0.1, pass: true });
    expect(evaluated).toMatchObject({ milady: 400, peer: 5000, pass: null });
    expect(client.milady).toBe(9000);
    expect(rate.ratio).toBeCloseTo(25 / 26, 6);
    expect(rate.pass).toBe(true);
    const slow = warmModelRows(
      { ok: true, value: result({ lastTurnFirstTokenMs: 9000, agentTokensPerSecond: 20 }) },
      10,
    );
    expect(slow.map(evaluate).map((r) => r.pass)).toEqual([false, null, null, false, null]);
  });

  test("a failed run or too few decode gaps gives n/a with the reason, never a number", () => {
    const failed = warmModelRows({ ok: false, error: "model did not load" }, 10);
    expect(failed.every((r) => typeof r.milady !== "number" && r.milady.na === "model did not load")).toBe(true);
    const short = warmModelRows({ ok: true, value: result({ agentDecodeGaps: 3 }) }, 10);
    expect(short[3].milady).toEqual({ na: "only 3 decode gaps (random weights ended early)" });
    expect(evaluate(short[3]).pass).toBeNull();
  });
});

/** Pure parts of the warm-model bench: which traced call is a turn's reply, decode rates, medians. */
import type { PromptTraceRecord } from "../../src-agent/models/prompt-trace";

/** Timings of one generation, from the agent's trace or a direct replay. */
export type GenerationTiming = { completionTokens: number; firstTokenMs: number; totalMs: number };

/**
 * The call that wrote a turn's reply among the records the turn appended: the conversation's
 * plan prompt (the bootstrap <response> XML), else its REPLY prompt. Other calls (an evaluator's
 * text prompt, another conversation) and next-turn preloads are not the turn's reply.
 */
export function replyCallOf(records: PromptTraceRecord[], conversationId: string): PromptTraceRecord | undefined {
  const generations = records.filter((r) => r.kind !== "preload");
  return (
    generations.find((r) => r.sessionKey === `${conversationId}:plan`) ??
    generations.find((r) => r.sessionKey === `${conversationId}:reply`)
  );
}

/** The next-turn preloads (models/next-turn-preload.ts) a conversation's trace holds. */
export const preloadsOf = (records: PromptTraceRecord[], conversationId: string) =>
  records.filter((r) => r.kind === "preload" && r.sessionKey === `${conversationId}:plan`);

const decoded = (t: GenerationTiming) => t.completionTokens >= 2 && t.firstTokenMs >= 0 && t.totalMs > t.firstTokenMs;

/**
 * Tokens per second after the first token: (tokens - 1) over (done - first token), summed over
 * the generations, so time to first token (prompt evaluation) stays out of the decode rate.
 * NaN when no generation had two tokens.
 */
export function decodeRate(timings: GenerationTiming[]): number {
  let tokens = 0;
  let ms = 0;
  for (const t of timings.filter(decoded)) {
    tokens += t.completionTokens - 1;
    ms += t.totalMs - t.firstTokenMs;
  }
  return ms > 0 ? tokens / (ms / 1000) : Number.NaN;
}

/** Decode gaps counted by decodeRate (a rate on a handful of gaps is noise). */
export function decodeGaps(timings: GenerationTiming[]): number {
  return timings.filter(decoded).reduce((n, t) => n + t.completionTokens - 1, 0);
}

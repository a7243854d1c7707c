import { AsyncLocalStorage } from "node:async_hooks";
import { type AgentTokenUsage, estimateTokens } from "../../src-shared/protocol";

export { estimateTokens };

/**
 * Token counts of the model calls made inside `meterUsage(kind, fn)`, for the OpenAI API's
 * `usage`. Models report what they know: remote provider plugins through elizaOS's MODEL_USED
 * event (bridged by the openai module), the local model and the scripted test double through
 * `reportUsage`. Outside a metered call (dashboard chats) nothing is counted, so chat turns pay
 * nothing for it. Like replyStream, it travels by AsyncLocalStorage because useModel has no
 * per-call hook in elizaOS 1.7.2.
 */
export interface UsageTally {
  /** "completion": a plain completion of the model (no agent); "turn": an agent chat turn. */
  kind: "completion" | "turn";
  promptTokens: number;
  completionTokens: number;
  /** Model calls that reported their counts. */
  reports: number;
}

export const usageMeter = new AsyncLocalStorage<UsageTally>();

/** What the model in use says a call cost; a no-op when nobody is metering. */
export function reportUsage(promptTokens: number, completionTokens: number): void {
  const tally = usageMeter.getStore();
  if (!tally) return;
  tally.promptTokens += Math.max(0, Math.round(promptTokens));
  tally.completionTokens += Math.max(0, Math.round(completionTokens));
  tally.reports += 1;
}

/** True inside a metered call: a model may skip counting tokens otherwise. */
export function usageWanted(): boolean {
  return usageMeter.getStore() !== undefined;
}

/**
 * Runs `fn` with a tally; the usage is the models' reports, or, when no model call reported,
 * the estimate from `fallback` (the text in and out as the caller sees it).
 */
export async function meterUsage<T>(
  kind: UsageTally["kind"],
  fn: () => Promise<T>,
  fallback: (result: T) => { prompt: string; completion: string },
): Promise<{ result: T; usage: AgentTokenUsage }> {
  const tally: UsageTally = { kind, promptTokens: 0, completionTokens: 0, reports: 0 };
  const result = await usageMeter.run(tally, fn);
  if (tally.reports > 0) {
    return {
      result,
      usage: { promptTokens: tally.promptTokens, completionTokens: tally.completionTokens, reported: true },
    };
  }
  const { prompt, completion } = fallback(result);
  return {
    result,
    usage: { promptTokens: estimateTokens(prompt), completionTokens: estimateTokens(completion), reported: false },
  };
}

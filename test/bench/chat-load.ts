import { type Summary, summarize } from "./stats";
import type { RunningTarget } from "./target";

export interface SequentialResult extends Summary {
  /** Fewer than asked when the time budget ran out first (a heavily loaded machine). */
  requested: number;
  errors: number;
  firstError?: string;
}

/** The scripted model replies "Echo: <text>"; anything else counts as an error. */
async function turn(target: RunningTarget, conversationId: string, text: string): Promise<void> {
  const reply = await target.send(conversationId, text);
  if (reply !== `Echo: ${text}`) throw new Error(`unexpected reply ${JSON.stringify(reply.slice(0, 120))}`);
}

/** `count` messages one after another in one conversation, after `warmup` unmeasured ones. */
export async function sequentialChat(
  target: RunningTarget,
  count: number,
  budgetMs = Number.POSITIVE_INFINITY,
  warmup = 3,
): Promise<SequentialResult> {
  const conversationId = await target.newConversation();
  for (let i = 0; i < warmup; i++) await turn(target, conversationId, `warm up ${i}`);
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const deadline = performance.now() + budgetMs;
  for (let i = 0; i < count && performance.now() < deadline; i++) {
    const start = performance.now();
    try {
      await turn(target, conversationId, `bench message number ${i}`);
      latencies.push(performance.now() - start);
    } catch (error) {
      errors++;
      firstError ??= (error as Error).message;
      // Ten failures in a row means the target is down: stop instead of looping on errors.
      if (errors >= 10 && latencies.length === 0) break;
    }
  }
  return { ...summarize(latencies), requested: count, errors, firstError };
}

export interface ConcurrentResult {
  conversations: number;
  messagesPerConversation: number;
  messages: number;
  wallMs: number;
  messagesPerSecond: number;
  latency: Summary;
  errors: number;
  firstError?: string;
}

/**
 * `conversations` conversations at once, each sending `perConversation` messages one after
 * another (a user waits for the reply before typing again). Throughput = good replies / wall time.
 */
export async function concurrentChat(
  target: RunningTarget,
  conversations: number,
  perConversation: number,
  budgetMs = Number.POSITIVE_INFINITY,
): Promise<ConcurrentResult> {
  const ids: string[] = [];
  for (let c = 0; c < conversations; c++) ids.push(await target.newConversation());
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const deadline = start + budgetMs;
  await Promise.all(
    ids.map(async (id, c) => {
      for (let i = 0; i < perConversation && performance.now() < deadline; i++) {
        const t = performance.now();
        try {
          await turn(target, id, `conversation ${c} message ${i}`);
          latencies.push(performance.now() - t);
        } catch (error) {
          errors++;
          firstError ??= (error as Error).message;
        }
      }
    }),
  );
  const wallMs = performance.now() - start;
  return {
    conversations,
    messagesPerConversation: perConversation,
    messages: latencies.length,
    wallMs,
    messagesPerSecond: latencies.length / (wallMs / 1000),
    latency: summarize(latencies),
    errors,
    firstError,
  };
}

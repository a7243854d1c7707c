import {
  composePromptFromState,
  EventType,
  type IAgentRuntime,
  type Memory,
  messageHandlerTemplate,
  type RunEventPayload,
  type UUID,
} from "@elizaos/core";
import { markNextTurnGuess } from "../runtime/next-turn-guess";
import { turnContext } from "../runtime/turn-context";
import { isAgentResponsePrompt } from "./agent-response-grammar";
import { AGENT_SYSTEM_PROMPT, type LocalLlama } from "./local-llama";
import type { PreloadOutcome } from "./preload";

/**
 * After a DM turn the local model is idle while the user reads and types. The next turn's reply
 * prompt is known up to the history's end: the same fixed head, then the history with this
 * turn's reply in it (and, when the history's window has just moved, a new first message). So
 * the prompt is composed now for a guess at the next message and evaluated into the
 * conversation's kept sequence; the next turn then evaluates only its new message and what
 * follows it. When the window moves, this is the difference between re-evaluating the whole
 * history and a few lines.
 *
 * Only a guess: what it gets wrong is re-evaluated as without it. The guess is the last user
 * message again, from the same sender in the same turn context, so providers that read the
 * message (action validation, the speaker's trust) write what they wrote this turn.
 */
export const PRELOAD_HISTORY_HEADER = "# Conversation Messages";

/** The plan prompt's sequence of a conversation (local-plugin.ts keys them the same way). */
export const planSessionKey = (conversationId: string) => `${conversationId}:plan`;

/**
 * True when a guess may replace the last prompt in its sequence: everything before the history
 * is the same, so the guess can only add to what the next turn reuses. A guess whose head differs
 * (another action set, a changed character) would make the next turn re-evaluate more, not less.
 */
export function guessKeepsHead(guess: string, last: string): boolean {
  const historyAt = last.indexOf(PRELOAD_HISTORY_HEADER);
  if (historyAt < 0) return false;
  return (
    guess.slice(0, historyAt + PRELOAD_HISTORY_HEADER.length) ===
    last.slice(0, historyAt + PRELOAD_HISTORY_HEADER.length)
  );
}

/** The next turn's reply prompt for a guess at its message (`message`: this turn's user message). */
export async function composeNextPlanPrompt(runtime: IAgentRuntime, message: Memory): Promise<string> {
  const guess = markNextTurnGuess({
    ...message,
    id: crypto.randomUUID() as UUID,
    content: { ...message.content },
    createdAt: Date.now(),
  });
  try {
    // All public providers, as core's single-shot reply composes them; no cached state for a new id.
    const state = await runtime.composeState(guess, undefined, false, true);
    return composePromptFromState({
      state,
      template: runtime.character.templates?.messageHandlerTemplate || messageHandlerTemplate,
    });
  } finally {
    // composeState keeps each message's state for its turn; this message has none.
    runtime.stateCache?.delete(guess.id as string);
  }
}

/** Preloads the next turn of the conversation whose run just ended, if its model sequence is warm. */
export async function preloadNextTurn(
  llama: LocalLlama,
  runtime: IAgentRuntime,
  messageId: UUID | undefined,
): Promise<PreloadOutcome> {
  const turn = turnContext.getStore();
  // Autonomy wakes are minutes apart and have no user waiting: no guess for them.
  if (!turn || turn.autonomy) return { status: "skipped", reason: "not a conversation turn" };
  const key = planSessionKey(turn.conversationId);
  const last = llama.lastPromptOf(key);
  if (!last || !messageId) return { status: "skipped", reason: "no reply prompt in this conversation's sequence" };
  const message = await runtime.getMemoryById(messageId);
  if (!message) return { status: "skipped", reason: "the turn's message is gone" };
  const prompt = await composeNextPlanPrompt(runtime, message);
  if (!isAgentResponsePrompt(prompt) || !guessKeepsHead(prompt, last))
    return { status: "skipped", reason: "the guess does not keep the prompt's head" };
  return llama.preload({ prompt, system: AGENT_SYSTEM_PROMPT, sessionKey: key, after: last });
}

/**
 * RUN_ENDED handlers for the local model plugin: core awaits them before handleMessage returns,
 * so the preload is started and not awaited; it runs in the turn's context (its sender and
 * conversation) and yields to any generation that arrives.
 */
export function nextTurnPreloadEvents(llama: LocalLlama) {
  return {
    [EventType.RUN_ENDED]: [
      async (payload: RunEventPayload) => {
        if (payload.status !== "completed" || payload.error) return;
        const { logger } = payload.runtime;
        void preloadNextTurn(llama, payload.runtime, payload.messageId).then(
          (outcome) => {
            if (outcome.status === "skipped") logger.debug(`next-turn preload skipped: ${outcome.reason}`);
          },
          // A failed guess costs the next turn nothing it would not have paid anyway.
          (error: unknown) =>
            logger.warn(`next-turn preload failed: ${error instanceof Error ? error.message : error}`),
        );
      },
    ],
  };
}

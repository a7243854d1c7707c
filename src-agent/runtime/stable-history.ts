import type { IAgentRuntime, Provider } from "@elizaos/core";
import { isNextTurnGuess } from "./next-turn-guess";

/**
 * RECENT_MESSAGES (plugin-bootstrap 1.7.2) made two parts of the reply prompt move on every turn
 * even with the stable order of stable-prompt.ts, so a kept llama.cpp context sequence
 * re-evaluated the whole history each turn:
 * - each line starts `HH:MM (just now) [entity id]`, the part in brackets counted from the
 *   clock: "just now" becomes "2 minutes ago" between two turns;
 * - the history is the newest `conversationLength` messages, so once a room holds more, its
 *   first line changes on every turn.
 * Drop this when upstream's history is cache-friendly.
 */

type Get = Provider["get"];

/**
 * Within a day the relative age says nothing that `HH:MM` and TIME's current date and time do
 * not, so it is dropped there; "N days ago" (the line's only date) is kept.
 */
const RELATIVE_TIME = /^(\d{2}:\d{2}) \((?:just now|\d+ minutes? ago|\d+ hours? ago)\) (\[[0-9a-f-]{36}\])/gm;
export const withoutRelativeTimes = (text: string) => text.replace(RELATIVE_TIME, "$1 $2");

/**
 * How many of a room's newest messages the history shows: all while they fit `length`; then
 * the window's first message moves in steps of half the length instead of one message a turn,
 * so the history keeps its first line for `length / 2` turns' worth of messages. It always
 * shows more than half the length and never more than the length.
 */
export function anchoredWindow(total: number, length: number): number {
  if (total <= length || length < 2) return Math.min(total, length);
  const step = Math.floor(length / 2);
  const start = (Math.floor((total - length - 1) / step) + 1) * step;
  return total - start;
}

/**
 * The history as bootstrap builds it, with the window of `anchoredWindow` (bootstrap reads
 * getConversationLength once, before its first await, so it is swapped for that synchronous
 * part only) and the lines' relative ages dropped.
 */
export function stableHistoryGet(get: Get): Get {
  return async (runtime, message, state) => {
    const length = runtime.getConversationLength();
    const stored = await runtime.countMemories(message.roomId, false, "messages");
    // A guess at the next turn (next-turn-guess.ts) shows the history that turn will show: its
    // window, over one more message than is stored, starts where that turn's will, and the one
    // message it lacks is the turn's own, the newest.
    const guess = isNextTurnGuess(message) ? 1 : 0;
    const window = Math.max(0, anchoredWindow(stored + guess, length) - guess);
    const pending = withLength(runtime, window, () => get(runtime, message, state));
    const result = await pending;
    const values = result.values
      ? Object.fromEntries(
          Object.entries(result.values).map(([k, v]) => [k, typeof v === "string" ? withoutRelativeTimes(v) : v]),
        )
      : result.values;
    return { ...result, values, text: result.text === undefined ? undefined : withoutRelativeTimes(result.text) };
  };
}

function withLength<T>(runtime: IAgentRuntime, length: number, fn: () => T): T {
  const own = Object.hasOwn(runtime, "getConversationLength");
  const original = runtime.getConversationLength;
  runtime.getConversationLength = () => length;
  try {
    return fn();
  } finally {
    if (own) runtime.getConversationLength = original;
    else delete (runtime as { getConversationLength?: unknown }).getConversationLength;
  }
}

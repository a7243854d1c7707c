import type { Memory, Provider, ProviderResult } from "@elizaos/core";
import { isNextTurnGuess } from "./next-turn-guess";

/**
 * plugin-bootstrap 1.7.2's RECENT_MESSAGES text is, in order: the history (ending with the new
 * message), "# Recent Action Executions" (the last runs), "# Received Message" and "# Focus your
 * response". So the new message sits before everything that follows RECENT_MESSAGES in the reply
 * prompt (the autonomy status, ACTION_STATE's "Recent Action History"), and a kept llama.cpp
 * sequence re-evaluates all of it on every turn, though none of it depends on the new message:
 * with random weights ~2k tokens a turn, the blocks of past runs repeating each reply.
 *
 * Here, when the reply prompt is composed with all providers, RECENT_MESSAGES keeps the history
 * without the new message's own lines (they are the "# Received Message" part's text) and the
 * action executions; RECEIVED_MESSAGE, after ACTION_STATE, gives the "# Received Message" and
 * "# Focus" part. Everything up to there was known when the last turn ended, so the next turn's
 * preload (models/next-turn-preload.ts) has it evaluated and the turn evaluates only its message,
 * the knowledge found for it and the clock. The text is not split (bootstrap's own) when
 * RECEIVED_MESSAGE is not in the same composition (an action's own prompt asks for
 * RECENT_MESSAGES only), when the message has attachments (the history's line names them, the
 * received part does not), or when the history does not end with the message. The provider's
 * values (recentMessages, used by other templates and evaluators) stay whole.
 * Drop this when upstream puts the new message last.
 */
export const RECEIVED_MESSAGE = "RECEIVED_MESSAGE";
/** After ACTION_STATE (150); knowledge found for the message and the clock come after it. */
export const RECEIVED_POSITION = 160;

type Get = Provider["get"];
type Claim = { claimed: boolean; rest: Promise<string>; resolve: (rest: string) => void };

/**
 * A RECENT_MESSAGES call waiting for a RECEIVED_MESSAGE call of the same composition. composeState
 * calls every provider's get in one synchronous loop (in position order, RECENT_MESSAGES first), so
 * a claim RECEIVED_MESSAGE does not take before the next microtask was not in that composition.
 */
const open = new WeakMap<Memory, Claim>();

export function receivedLastGet(get: Get): Get {
  return async (runtime, message, state) => {
    let resolve: (rest: string) => void = () => {};
    const rest = new Promise<string>((r) => {
      resolve = r;
    });
    const claim: Claim = { claimed: false, rest, resolve };
    open.set(message, claim);
    queueMicrotask(() => {
      if (open.get(message) === claim) open.delete(message);
    });
    let result: ProviderResult;
    try {
      result = await get(runtime, message, state);
    } catch (error) {
      claim.resolve("");
      throw error;
    }
    const split = claim.claimed ? splitReceived(result, message) : undefined;
    claim.resolve(split?.received ?? "");
    return split ? { ...result, text: split.head } : result;
  };
}

/** RECEIVED_MESSAGE: the received part RECENT_MESSAGES left out of its text in this composition, else nothing. */
export const receivedMessageProvider: Provider = {
  name: RECEIVED_MESSAGE,
  description: "The message being answered and whom to answer (the tail of bootstrap's RECENT_MESSAGES)",
  position: RECEIVED_POSITION,
  get: async (_runtime, message) => {
    const claim = open.get(message);
    if (!claim) return { text: "" };
    open.delete(message);
    claim.claimed = true;
    return { text: await claim.rest };
  },
};

/** The two parts of a RECENT_MESSAGES text, or undefined where it must stay as bootstrap wrote it. */
export function splitReceived(result: ProviderResult, message: Memory): { head: string; received: string } | undefined {
  const text = result.text;
  const history = result.values?.recentMessages;
  const actions = result.values?.recentActionResults;
  if (typeof text !== "string" || typeof history !== "string" || !history || !text.startsWith(history)) return;
  if (message.content.attachments?.length) return;
  let at = history.length;
  if (typeof actions === "string" && actions && text.startsWith(`\n\n${actions}`, at)) at += 2 + actions.length;
  const received = text.slice(at).replace(/^\n\n/, "");
  if (!received.startsWith("# Received Message")) return;
  // A guess at the next turn is not stored: the history already ends before it.
  const older = isNextTurnGuess(message) ? history : withoutNewest(history, message);
  if (older === undefined) return;
  const head = [older, typeof actions === "string" ? actions : ""].filter(Boolean).join("\n\n");
  return { head, received };
}

/**
 * The history without its last line block when that block is `message` (bootstrap formats it
 * `HH:MM [entity id] Name: text`, the relative age dropped by stable-history.ts).
 */
function withoutNewest(history: string, message: Memory): string | undefined {
  const text = message.content.text;
  if (!text || !message.createdAt || !history.endsWith(`: ${text}\n`)) return;
  const time = new Date(message.createdAt);
  const hhmm = `${String(time.getHours()).padStart(2, "0")}:${String(time.getMinutes()).padStart(2, "0")}`;
  const lineStart = `${hhmm} [${message.entityId}] `;
  const at = history.lastIndexOf(`\n${lineStart}`);
  if (at < 0) return;
  // Between the line's start and ": text" only the sender's name, on one line.
  const name = history.slice(at + 1 + lineStart.length, history.length - text.length - 3);
  if (name.includes("\n") || !name) return;
  // The header stays when nothing is left under it: where the history starts is the same on
  // every turn of the conversation, the first one too (next-turn-preload.ts compares up to it).
  return history.slice(0, at + 1);
}

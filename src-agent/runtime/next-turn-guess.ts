import type { Memory } from "@elizaos/core";

/**
 * Messages that stand for a conversation's next user message before it exists: the local model
 * evaluates the reply prompt they compose ahead of the turn (models/next-turn-preload.ts). A
 * provider whose text depends on the message being stored (the history's window counts the room's
 * messages) counts such a message as stored.
 */
const guesses = new WeakSet<Memory>();

export function markNextTurnGuess(message: Memory): Memory {
  guesses.add(message);
  return message;
}

export function isNextTurnGuess(message: Memory): boolean {
  return guesses.has(message);
}

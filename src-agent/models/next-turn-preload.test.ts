// Which guesses may replace the last prompt in a conversation's sequence (next-turn-preload.ts).
import { describe, expect, test } from "bun:test";
import { guessKeepsHead, PRELOAD_HISTORY_HEADER } from "./next-turn-preload";

const prompt = (head: string, history: string[], tail: string) =>
  `${head}\n${PRELOAD_HISTORY_HEADER}\n${history.join("\n")}\n\n# Received Message\n${tail}`;

describe("the next turn's guess", () => {
  const last = prompt("task, character, actions: A, B", ["user: hi", "agent: hello"], "user: hi");

  test("keeps the head: the history and what follows may differ, the window may have moved", () => {
    expect(
      guessKeepsHead(
        prompt("task, character, actions: A, B", ["user: hi", "agent: hello", "user: hi"], "user: hi"),
        last,
      ),
    ).toBe(true);
    expect(guessKeepsHead(prompt("task, character, actions: A, B", ["agent: hello"], "x"), last)).toBe(true);
  });

  test("is refused when anything before the history differs, or the last prompt has no history", () => {
    expect(guessKeepsHead(prompt("task, character, actions: A", ["user: hi", "agent: hello"], "user: hi"), last)).toBe(
      false,
    );
    expect(guessKeepsHead(prompt("task, character, actions: A, B", [], ""), "a prompt without a history")).toBe(false);
  });
});

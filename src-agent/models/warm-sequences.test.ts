import { afterAll, describe, expect, test } from "bun:test";
import { LocalLlama } from "./local-llama";
import { makeTestModel } from "./test-model";

const fixture = await makeTestModel(3);
afterAll(() => fixture.cleanup());

const make = (warmSequences: number) =>
  new LocalLlama({
    modelPath: fixture.path,
    threads: 1,
    contextSize: 512,
    maxTokens: 4,
    idleUnloadSeconds: 0,
    temperature: 0,
    warmSequences,
  });

/** A long fixed head (as the stable reply prompt has) and the turn's changing tail. */
const HEAD = "the character and the actions of the agent are here. ".repeat(6);
const turn = (conversation: string, n: number) => `${HEAD}\n${conversation} says hello number ${n}`;

async function ask(llm: LocalLlama, conversation: string, n: number) {
  await llm.generate({ prompt: turn(conversation, n), sessionKey: conversation, format: "text" });
  const stats = llm.lastPrompt;
  if (!stats) throw new Error("no prompt stats");
  return stats;
}

describe("LocalLlama warm sequences", () => {
  test("the second turn of a conversation evaluates only what changed", async () => {
    const llm = make(2);
    try {
      const first = await ask(llm, "alice", 1);
      const second = await ask(llm, "alice", 2);
      expect(first.evaluatedTokens).toBe(first.promptTokens);
      expect(second.promptTokens).toBeGreaterThan(100);
      expect(second.evaluatedTokens).toBeLessThan(second.promptTokens / 4);
    } finally {
      await llm.dispose();
    }
  });

  test("two interleaved conversations both stay warm, a third evicts the least recently used", async () => {
    const llm = make(2);
    try {
      await ask(llm, "alice", 1);
      await ask(llm, "bob", 1);
      const alice = await ask(llm, "alice", 2);
      const bob = await ask(llm, "bob", 2);
      expect(alice.evaluatedTokens).toBeLessThan(alice.promptTokens / 4);
      expect(bob.evaluatedTokens).toBeLessThan(bob.promptTokens / 4);
      // carol takes alice's sequence (alice was used before bob): alice is cold again, bob warm.
      const carol = await ask(llm, "carol", 1);
      expect(carol.evaluatedTokens).toBe(carol.promptTokens);
      const bobAgain = await ask(llm, "bob", 3);
      expect(bobAgain.evaluatedTokens).toBeLessThan(bobAgain.promptTokens / 4);
      const aliceAgain = await ask(llm, "alice", 3);
      expect(aliceAgain.evaluatedTokens).toBe(aliceAgain.promptTokens);
    } finally {
      await llm.dispose();
    }
  });
});

import { afterAll, describe, expect, test } from "bun:test";
import { LocalLlama } from "./local-llama";
import { makeTestModel } from "./test-model";

const fixture = await makeTestModel(3);
afterAll(() => fixture.cleanup());

const make = (warmSequences: number, preloadSliceChars?: number) =>
  new LocalLlama({
    modelPath: fixture.path,
    threads: 1,
    contextSize: 512,
    maxTokens: 4,
    idleUnloadSeconds: 0,
    temperature: 0,
    warmSequences,
    preloadSliceChars,
  });

/** A long fixed head (as the stable reply prompt has) and the turn's changing tail. */
const HEAD = "the character and the actions of the agent are here. ".repeat(6);
const turn = (conversation: string, n: number) => `${HEAD}\n${conversation} says hello number ${n}`;

/** Room in the fixture's 512-token context for node-llama-cpp's preload, which keeps space for an answer. */
const short = (conversation: string, n: number) =>
  `${HEAD.slice(0, 100)}\n${Array.from({ length: n }, (_, i) => `${conversation} says hello number ${i}`).join("\n")}`;

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

  test("a preloaded prompt is not evaluated again by the generation that follows it", async () => {
    const llm = make(2);
    const turnOf = async (conversation: string, n: number) => {
      await llm.generate({ prompt: short(conversation, n), sessionKey: conversation, format: "text" });
      return llm.lastPrompt!.evaluatedTokens;
    };
    try {
      // bob's second turn without a preload; alice's, the same texts, after one.
      await turnOf("bob", 1);
      const withoutPreload = await turnOf("bob", 2);
      await turnOf("alice", 1);
      const preload = await llm.preload({ prompt: short("alice", 2), sessionKey: "alice" });
      if (preload.status !== "done") throw new Error(`preload ${preload.status}`);
      expect(preload.evaluatedTokens).toBeGreaterThan(10);
      const withPreload = await turnOf("alice", 2);
      // What the preload evaluated is not evaluated again (a few tokens of slack where the texts join).
      expect(withPreload).toBeLessThanOrEqual(withoutPreload - preload.evaluatedTokens + 3);
      // The guess does not count as the conversation's last prompt: the generation does.
      expect(llm.lastPromptOf("alice")).toBe(short("alice", 2));
    } finally {
      await llm.dispose();
    }
  });

  test("a preload in slices ends as a whole one, and gives way between slices to a generation that arrives", async () => {
    const llm = make(2, 20);
    // No system message, as the agent's calls (AGENT_SYSTEM_PROMPT): node-llama-cpp's generic one
    // would fill most of the fixture's 512-token context.
    try {
      await llm.generate({ prompt: short("alice", 1), sessionKey: "alice", system: "", format: "text" });
      const slices: number[] = [];
      const whole = await llm.preload({
        prompt: short("alice", 3),
        sessionKey: "alice",
        system: "",
        onSlice: (n) => slices.push(n),
      });
      if (whole.status !== "done") throw new Error(`preload ${whole.status}`);
      expect(slices.length).toBeGreaterThanOrEqual(2);
      // The slices start where the kept prompt ends: none erases what the sequence already held.
      expect(slices[0]).toBeGreaterThan(short("alice", 1).length);
      expect(whole.evaluatedTokens).toBeLessThan(whole.promptTokens / 3);
      expect(slices.at(-1)).toBe(short("alice", 3).length);
      await llm.generate({ prompt: short("alice", 3), sessionKey: "alice", system: "", format: "text" });
      // Only the chat template's closing tokens and the answer's were left (as in the test above).
      expect(llm.lastPrompt!.evaluatedTokens).toBeLessThan(40);

      // A generation arrives after the first slice: the preload stops there and the generation answers.
      let arriving: Promise<string> | undefined;
      const cut = await llm.preload({
        prompt: short("alice", 5),
        sessionKey: "alice",
        system: "",
        onSlice: () => {
          arriving ??= llm.generate({ prompt: short("bob", 1), sessionKey: "bob", system: "", format: "text" });
        },
      });
      expect(cut).toEqual({ status: "aborted" });
      expect(typeof (await arriving)).toBe("string");
      // A guess made after an older prompt than the sequence's last is not evaluated.
      expect(await llm.preload({ prompt: short("alice", 6), sessionKey: "alice", after: short("alice", 1) })).toEqual({
        status: "skipped",
        reason: "the conversation moved on since the guess",
      });
    } finally {
      await llm.dispose();
    }
  });

  test("a preload never loads the model, takes no sequence, and gives way to a waiting generation", async () => {
    const llm = make(2);
    try {
      expect(await llm.preload({ prompt: turn("alice", 1), sessionKey: "alice" })).toEqual({
        status: "skipped",
        reason: "the model is not loaded",
      });
      expect(llm.isLoaded()).toBe(false);
      await ask(llm, "alice", 1);
      expect(await llm.preload({ prompt: turn("bob", 1), sessionKey: "bob" })).toMatchObject({ status: "skipped" });
      // Queued behind a generation with another one after it: skipped, and both generations answer.
      const running = llm.generate({ prompt: turn("alice", 2), sessionKey: "alice", format: "text" });
      const preload = llm.preload({ prompt: turn("alice", 3), sessionKey: "alice" });
      const waiting = llm.generate({ prompt: turn("bob", 1), sessionKey: "bob", format: "text" });
      const [, outcome] = await Promise.all([running, preload, waiting]);
      expect(outcome).toEqual({ status: "skipped", reason: "a generation is waiting" });
    } finally {
      await llm.dispose();
    }
  });
});

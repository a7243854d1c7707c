// The next turn's reply prompt evaluated while the user reads (src-agent/models/next-turn-preload.ts):
// a real Milady on a generated GGUF with a 16k context (node-llama-cpp in the agent worker),
// MILADY_PROMPT_TRACE recording each generation and preload. After each turn the test waits, as
// a user would, for the preload; the next turn must then evaluate only what follows the shared
// head (its message, the knowledge and the clock), fewer tokens than the previous turn's prompt
// would have left it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { getLlama, type LlamaModel } from "node-llama-cpp";
import { writeTinyGguf } from "../../build/make-tiny-gguf";
import { type PromptTraceRecord, parsePromptTrace } from "../../src-agent/models/prompt-trace";
import { type MiladyProcess, postJson, removeDir, startMilady, tempStateDir } from "../support/milady-process";
import { until } from "../support/until";

const TURNS = 3;
let milady: MiladyProcess;
let tokenizer: LlamaModel;
let traceFile: string;

beforeAll(async () => {
  const stateDir = tempStateDir("milady-preload-");
  const model = join(stateDir, "long.gguf");
  traceFile = join(stateDir, "prompts.jsonl");
  await writeTinyGguf(model, { seed: 7, size: "long" });
  // Greedy and short replies, as in the warm-model bench: each turn's prompt fits the context whole.
  writeFileSync(
    join(stateDir, "milady.json"),
    JSON.stringify({ models: { local: { contextSize: 16384, temperature: 0, maxTokens: 64 } } }),
  );
  milady = await startMilady({
    stateDir,
    scripted: false,
    args: ["--model", model],
    env: { MILADY_THREADS: "1", MILADY_PROMPT_TRACE: traceFile },
  });
  // The same vocabulary in this process, to count the tokens of a piece of prompt.
  const llama = await getLlama({ gpu: false, build: "never" });
  tokenizer = await llama.loadModel({ modelPath: model });
});
afterAll(async () => {
  await milady.stop();
  await tokenizer?.dispose();
  removeDir(milady.stateDir);
});

const trace = (): PromptTraceRecord[] =>
  existsSync(traceFile) ? parsePromptTrace(readFileSync(traceFile, "utf8")) : [];
const sharedPrefix = (a: string, b: string) => {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
};
const tokens = (text: string) => tokenizer.tokenize(text).length;

describe("the next turn's prompt, preloaded", () => {
  test(`${TURNS} DM turns with a user's pause: each next turn evaluates only what follows its new message`, async () => {
    const { conversation } = await milady.json("/api/conversations", postJson({}));
    const plan = `${conversation.id}:plan`;
    const texts = Array.from({ length: TURNS }, (_, i) => `turn ${i + 1}: how was your day`);
    for (const [i, text] of texts.entries()) {
      const res = await milady.api(`/api/conversations/${conversation.id}/messages`, postJson({ text }));
      expect(res.status).toBe(200);
      // The user reads the reply: the model evaluates the next turn's head meanwhile.
      if (i < TURNS - 1)
        await until(
          () => trace().filter((r) => r.kind === "preload" && r.sessionKey === plan).length > i,
          120_000,
          `a preload after turn ${i + 1}`,
        );
    }
    const records = trace().filter((r) => r.sessionKey === plan);
    const turns = records.filter((r) => r.kind !== "preload");
    const preloads = records.filter((r) => r.kind === "preload");
    expect(turns).toHaveLength(TURNS);
    expect(preloads.length).toBeGreaterThanOrEqual(TURNS - 1);
    for (let k = 1; k < TURNS; k++) {
      const [previous, guess, real] = [turns[k - 1], preloads[k - 1], turns[k]];
      // Each record comes after the one it follows: the preload between its two turns.
      expect(records.indexOf(guess)).toBeGreaterThan(records.indexOf(previous));
      expect(records.indexOf(real)).toBeGreaterThan(records.indexOf(guess));
      // The preload evaluated what the last prompt did not have, not the whole prompt again.
      expect(guess.evaluatedTokens).toBeGreaterThan(0);
      expect(guess.evaluatedTokens).toBeLessThan(guess.promptTokens / 2);
      // The guess is the real prompt up to the new message: everything before "# Received
      // Message" (the history with the last reply, past runs, autonomy, action state) was known.
      const receivedAt = real.prompt.indexOf("# Received Message");
      expect(real.prompt.slice(receivedAt)).toStartWith(`# Received Message\nUser: ${texts[k]}`);
      const guessed = sharedPrefix(guess.prompt, real.prompt);
      expect(guessed).toBeGreaterThan(receivedAt);
      expect(guessed).toBeLessThan(receivedAt + "# Received Message\nUser: ".length + texts[k].length);
      // The turn evaluated what follows the guessed head (a token across the cut, the chat
      // template's closing tokens: 48 of slack), and fewer tokens than the previous turn's
      // prompt alone leaves: that one lacks the last reply's lines.
      const kept = sharedPrefix(previous.prompt, real.prompt);
      expect(kept).toBeLessThan(guessed);
      expect(real.evaluatedTokens).toBeLessThanOrEqual(tokens(real.prompt.slice(guessed)) + 48);
      expect(real.evaluatedTokens).toBeLessThan(tokens(real.prompt.slice(kept)));
    }
  }, 360_000);
});

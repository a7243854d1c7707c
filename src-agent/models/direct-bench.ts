import { getLlama, LlamaCompletion } from "node-llama-cpp";

/**
 * Tokens per second of node-llama-cpp called directly (no elizaOS, no queue), the ceiling
 * `npm run bench` compares the agent path against. Load time is excluded; the prompt is
 * tiny so the number is generation speed.
 */
export async function measureDirectTokensPerSecond(
  modelPath: string,
  threads: number,
  tokens: number,
): Promise<number> {
  const llama = await getLlama({ gpu: false, build: "never", maxThreads: threads, logLevel: "error" as never });
  const model = await llama.loadModel({ modelPath });
  try {
    const context = await model.createContext({ contextSize: Math.min(model.trainContextSize, tokens + 64), threads });
    try {
      const completion = new LlamaCompletion({ contextSequence: context.getSequence() });
      let generated = 0;
      const started = performance.now();
      // A fixed seed and no stop on EOS would be ideal; counting the tokens actually produced keeps the rate honest.
      await completion.generateCompletion("Once upon a time", {
        maxTokens: tokens,
        temperature: 0.8,
        seed: 1,
        onToken: (t) => {
          generated += t.length;
        },
      });
      const seconds = (performance.now() - started) / 1000;
      return generated / Math.max(seconds, 1e-6);
    } finally {
      await context.dispose();
    }
  } finally {
    await model.dispose();
  }
}

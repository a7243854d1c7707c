/**
 * Ceiling for the GGUF figure: node-llama-cpp called directly, threads 1, in its own process
 * so its native threads never share the harness. Prints {tokensPerSecond} as one JSON line.
 *   bun test/bench/direct-tps.ts MODEL.gguf TOKENS
 */
import { getLlama, LlamaCompletion } from "node-llama-cpp";

const [modelPath, tokensArg] = process.argv.slice(2);
const tokens = Number(tokensArg ?? 256);

async function viaProjectHelper(): Promise<number | undefined> {
  try {
    const mod = (await import("../../src-agent/models/direct-bench")) as {
      measureDirectTokensPerSecond?: (path: string, threads: number, tokens: number) => Promise<number>;
    };
    return await mod.measureDirectTokensPerSecond?.(modelPath, 1, tokens);
  } catch {
    return undefined;
  }
}

/** Fallback when src-agent/models/direct-bench.ts is missing: the same measurement inline. */
async function inline(): Promise<number> {
  const llama = await getLlama({ gpu: false, build: "never", maxThreads: 1, logLevel: "error" as never });
  const model = await llama.loadModel({ modelPath });
  const context = await model.createContext({ contextSize: Math.min(model.trainContextSize, tokens + 64), threads: 1 });
  const completion = new LlamaCompletion({ contextSequence: context.getSequence() });
  let generated = 0;
  const started = performance.now();
  await completion.generateCompletion("Once upon a time", {
    maxTokens: tokens,
    temperature: 0.8,
    seed: 1,
    onToken: (t) => {
      generated += t.length;
    },
  });
  return generated / ((performance.now() - started) / 1000);
}

if (!modelPath) {
  process.stderr.write("usage: bun test/bench/direct-tps.ts MODEL.gguf [TOKENS]\n");
  process.exit(2);
}
const helper = await viaProjectHelper();
const tokensPerSecond = helper ?? (await inline());
process.stdout.write(
  `${JSON.stringify({ tokensPerSecond, source: helper ? "src-agent/models/direct-bench.ts" : "inline" })}\n`,
);
process.exit(0);

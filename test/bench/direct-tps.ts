/**
 * Ceiling for the GGUF figure: node-llama-cpp called directly, threads 1, in its own process
 * so its native threads never share the harness. Prints {tokensPerSecond} as one JSON line.
 *   bun test/bench/direct-tps.ts MODEL.gguf TOKENS
 */
import { measureDirectTokensPerSecond } from "../../src-agent/models/direct-bench";

const [modelPath, tokensArg] = process.argv.slice(2);
const tokens = Number(tokensArg ?? 256);

if (!modelPath) {
  process.stderr.write("usage: bun test/bench/direct-tps.ts MODEL.gguf [TOKENS]\n");
  process.exit(2);
}
const tokensPerSecond = await measureDirectTokensPerSecond(modelPath, 1, tokens);
process.stdout.write(`${JSON.stringify({ tokensPerSecond, source: "src-agent/models/direct-bench.ts" })}\n`);
process.exit(0);

/**
 * The denominator of the warm-model rows: traced prompts evaluated cold by node-llama-cpp
 * directly, threads 1, in its own process so its native threads never share the harness.
 * Prints {replays} as one JSON line.
 *   bun test/bench/direct-replay.ts MODEL.gguf RECORDS.json CONTEXT_SIZE
 */
import { readFileSync } from "node:fs";
import { GGUF_SIZES } from "../../build/make-tiny-gguf";
import { replayPromptsCold } from "../../src-agent/models/direct-bench";
import type { PromptTraceRecord } from "../../src-agent/models/prompt-trace";

const [modelPath, recordsPath, contextArg] = process.argv.slice(2);
if (!modelPath || !recordsPath) {
  process.stderr.write("usage: bun test/bench/direct-replay.ts MODEL.gguf RECORDS.json [CONTEXT_SIZE]\n");
  process.exit(2);
}
const records = JSON.parse(readFileSync(recordsPath, "utf8")) as PromptTraceRecord[];
const replays = await replayPromptsCold(modelPath, 1, Number(contextArg ?? GGUF_SIZES.medium.context), records);
process.stdout.write(`${JSON.stringify({ replays, source: "src-agent/models/direct-bench.ts replayPromptsCold" })}\n`);
process.exit(0);

import { getLlama, LlamaChatSession, LlamaCompletion } from "node-llama-cpp";
import type { PromptTraceRecord } from "./prompt-trace";

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

/** What one traced prompt cost when node-llama-cpp evaluated it directly on a fresh sequence. */
export type ColdReplay = {
  firstTokenMs: number;
  totalMs: number;
  promptTokens: number;
  completionTokens: number;
};

/**
 * The agent's traced prompts (MILADY_PROMPT_TRACE) evaluated cold by node-llama-cpp directly:
 * same system prompt, prompt, grammar, max tokens and temperature, each on a fresh context
 * sequence, timed like LocalLlama times them (call -> first text chunk -> done).
 */
export async function replayPromptsCold(
  modelPath: string,
  threads: number,
  contextSize: number,
  records: PromptTraceRecord[],
): Promise<ColdReplay[]> {
  const llama = await getLlama({ gpu: false, build: "never", maxThreads: threads, logLevel: "error" as never });
  const model = await llama.loadModel({ modelPath });
  try {
    const context = await model.createContext({ contextSize: Math.min(model.trainContextSize, contextSize), threads });
    try {
      // The first evaluation after a load pages the weights in; the agent's turn 10 never pays that.
      const warm = context.getSequence();
      await new LlamaChatSession({ contextSequence: warm }).prompt("hello", { maxTokens: 1 });
      warm.dispose();
      const out: ColdReplay[] = [];
      for (const r of records) {
        const grammar = r.grammar ? await llama.createGrammar({ grammar: r.grammar }) : undefined;
        const sequence = context.getSequence();
        const session = new LlamaChatSession({ contextSequence: sequence, systemPrompt: r.system });
        const started = performance.now();
        let firstTokenMs = -1;
        await session.prompt(r.prompt, {
          maxTokens: r.maxTokens,
          temperature: r.temperature,
          grammar,
          customStopTriggers: r.stopSequences?.length ? r.stopSequences : undefined,
          onTextChunk: () => {
            if (firstTokenMs < 0) firstTokenMs = performance.now() - started;
          },
        });
        const totalMs = performance.now() - started;
        const completionTokens = sequence.tokenMeter.usedOutputTokens;
        out.push({ firstTokenMs, totalMs, promptTokens: sequence.tokenMeter.usedInputTokens, completionTokens });
        session.dispose({ disposeSequence: true });
      }
      return out;
    } finally {
      await context.dispose();
    }
  } finally {
    await model.dispose();
  }
}

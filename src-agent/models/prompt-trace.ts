import { appendFileSync } from "node:fs";

/**
 * MILADY_PROMPT_TRACE=FILE (off by default): each local-model generation appends one JSON line
 * with its exact prompt, grammar and timings. For benches and debugging only: the lines hold the
 * conversation's text. `npm run bench` replays a traced prompt on node-llama-cpp directly (cold,
 * same grammar) to compare the agent's warm time to first token and decode rate with it.
 */
export const PROMPT_TRACE_ENV = "MILADY_PROMPT_TRACE";

export type PromptTraceRecord = {
  /** "preload": the next turn's head evaluated ahead (local-llama.ts preload), no text generated. */
  kind?: "preload";
  sessionKey: string;
  system?: string;
  prompt: string;
  /** GBNF text of the grammar the call decoded under (agent replies); absent for plain text. */
  grammar?: string;
  maxTokens: number;
  temperature: number;
  stopSequences?: string[];
  /** Prompt tokens with the chat template; `evaluatedTokens` of them were evaluated (the rest reused). */
  promptTokens: number;
  evaluatedTokens: number;
  completionTokens: number;
  /** From the call to the model (model loaded) to its first text chunk; -1 when no text came. */
  firstTokenMs: number;
  totalMs: number;
};

export function promptTraceFile(env: Record<string, string | undefined> = process.env): string | undefined {
  return env[PROMPT_TRACE_ENV]?.trim() || undefined;
}

/** A failed write is ignored: a debug trace must never fail a generation. */
export function appendPromptTrace(file: string, record: PromptTraceRecord): void {
  try {
    appendFileSync(file, `${JSON.stringify(record)}\n`);
  } catch {
    // best effort
  }
}

/** The records of a trace file; a torn last line (the process was killed mid-write) is dropped. */
export function parsePromptTrace(text: string): PromptTraceRecord[] {
  const lines = text.split("\n").filter((l) => l.trim());
  const records: PromptTraceRecord[] = [];
  lines.forEach((line, i) => {
    try {
      records.push(JSON.parse(line) as PromptTraceRecord);
    } catch (error) {
      if (i < lines.length - 1) throw new Error(`prompt trace line ${i + 1} is not JSON: ${String(error)}`);
    }
  });
  return records;
}

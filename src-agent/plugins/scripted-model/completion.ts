import { reportUsage } from "../../models/usage-meter";

/**
 * The scripted model's answer to a plain completion (the OpenAI API on a non-agent model):
 * "Completion: <the last user line>", one token a word, cut at a stop sequence or at
 * maxTokens, with its token counts reported (words of the prompt, words of the answer), so
 * tests see usage, max_tokens and stop honoured the way a real model would.
 */
export function scriptedCompletion(params: { prompt?: string; maxTokens?: number; stopSequences?: string[] }): {
  text: string;
  words: string[];
} {
  const prompt = params.prompt ?? "";
  const lastUser = prompt
    .split("\n")
    .filter((line) => line.startsWith("User: "))
    .at(-1)
    ?.slice("User: ".length);
  let text = `Completion: ${(lastUser ?? prompt).trim()}`;
  for (const stop of params.stopSequences ?? []) {
    const at = stop ? text.indexOf(stop) : -1;
    if (at >= 0) text = text.slice(0, at);
  }
  let words = text.split(/(?<= )/).filter((w) => w.length > 0);
  if (params.maxTokens !== undefined && words.length > params.maxTokens) words = words.slice(0, params.maxTokens);
  text = words.join("");
  reportUsage(countWords(prompt), words.length);
  return { text, words };
}

/** The scripted model's "tokens": whitespace-separated words. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => w.length > 0).length;
}

/** elizaOS's streaming shape: useModel reads `textStream` when the caller asked for chunks. */
export function wordStream(words: string[]): { textStream: AsyncIterable<string> } {
  return {
    textStream: (async function* () {
      for (const word of words) yield word;
    })(),
  };
}

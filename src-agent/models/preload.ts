// What LocalLlama.preload takes and gives, and how it cuts a prompt into slices (local-llama.ts).

/** A prompt evaluated ahead of its turn (`preload`): its sequence then holds it, and no text is generated. */
export type PreloadRequest = {
  prompt: string;
  system?: string;
  sessionKey: string;
  /** The last prompt the guess was made after: a generation on the sequence since then makes it stale. */
  after?: string;
  /** Called after each slice is evaluated (tests use it to arrive mid-way). */
  onSlice?: (evaluatedChars: number) => void;
};

/**
 * node-llama-cpp's preloadPrompt evaluates without generating, and that path does not read its
 * abort signal once evaluation starts. So a preload evaluates growing heads of its prompt, cut at
 * line ends about this many characters apart (a few hundred tokens), and gives way between them:
 * a generation that arrives waits for one slice at most. Each head reuses the one before.
 */
export const PRELOAD_SLICE_CHARS = 1200;
export type PreloadOutcome =
  | { status: "done"; promptTokens: number; evaluatedTokens: number; ms: number }
  | { status: "skipped"; reason: string }
  | { status: "aborted" };

/** Where a preload's slices end: after `from`, at line ends at least `chars` apart, and at the prompt's end. */
export function sliceEnds(prompt: string, chars: number, from = 0): number[] {
  const ends: number[] = [];
  while (prompt.length - from > chars) {
    const cut = prompt.indexOf("\n", from + chars);
    if (cut < 0) break;
    ends.push(cut + 1);
    from = cut + 1;
  }
  ends.push(prompt.length);
  return ends;
}

export function sharedLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

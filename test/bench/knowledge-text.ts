/**
 * Deterministic prose for the knowledge bench: no downloads, and a different seed gives
 * different bytes (the server refuses the same bytes twice). Pseudo-words from a fixed
 * vocabulary make sentences and paragraphs, so the chunker cuts it like real text.
 */

/** mulberry32: a tiny seeded PRNG, good enough for filler text. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ["ka", "lo", "mi", "ter", "van", "so", "ri", "den", "pa", "qui", "bel", "mor", "tu", "nex", "ha"];

/** 4,000 pseudo-words, the same for every seed (queries draw from it too). */
export const VOCABULARY: readonly string[] = (() => {
  const random = seededRandom(1);
  const words = new Set<string>();
  while (words.size < 4000) {
    // 1-4 syllables: 15 + 15^2 + 15^3 + 15^4 possible words, far more than needed.
    const n = 1 + Math.floor(random() * 4);
    let w = "";
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.add(w);
  }
  return [...words];
})();

const pick = (random: () => number) => VOCABULARY[Math.floor(random() * VOCABULARY.length)];

/** About `bytes` of ASCII prose (never more), paragraphs of 6-14 sentences of 6-20 words. */
export function generateProse(bytes: number, seed: number): string {
  const random = seededRandom(seed);
  const parts: string[] = [];
  let length = 0;
  while (length < bytes) {
    const sentences: string[] = [];
    const count = 6 + Math.floor(random() * 9);
    for (let s = 0; s < count; s++) {
      const words: string[] = [];
      const n = 6 + Math.floor(random() * 15);
      for (let w = 0; w < n; w++) words.push(pick(random));
      const sentence = words.join(" ");
      sentences.push(`${sentence[0].toUpperCase()}${sentence.slice(1)}.`);
    }
    const paragraph = `${sentences.join(" ")}\n\n`;
    if (length + paragraph.length > bytes) break;
    parts.push(paragraph);
    length += paragraph.length;
  }
  return parts.join("");
}

/** A query of 2-4 vocabulary words. */
export function randomQuery(random: () => number): string {
  const n = 2 + Math.floor(random() * 3);
  return Array.from({ length: n }, () => pick(random)).join(" ");
}

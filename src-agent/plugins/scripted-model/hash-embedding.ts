/**
 * Deterministic bag-of-words embedding for the scripted model (test double):
 * each lower-cased word is hashed (FNV-1a) into one of 384 buckets with a hashed sign,
 * then the vector is L2-normalised. Texts sharing words get a positive cosine, so a
 * knowledge search for "pineapple" ranks the chunk containing "pineapple" first.
 */
export const HASH_EMBEDDING_DIMENSION = 384;

function fnv1a(text: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function hashEmbedding(text: string, dimension = HASH_EMBEDDING_DIMENSION): number[] {
  const v = new Array<number>(dimension).fill(0);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const w of words) {
    const bucket = fnv1a(w, 0) % dimension;
    const sign = fnv1a(w, 0x9e3779b9) & 1 ? 1 : -1;
    v[bucket] += sign;
  }
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  if (norm === 0) {
    // An empty text still needs a valid non-zero vector (elizaOS probes with "").
    v[0] = 1;
    return v;
  }
  return v.map((x) => x / norm);
}

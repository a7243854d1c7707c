/**
 * plugin-sql 1.7.2 only has vector columns of these sizes; any other embedding size fails
 * at insert. Padding with zeros leaves dot products and norms, and so cosine similarity,
 * unchanged, so a 64-dim test model or a 1,024-dim bge-m3 both fit.
 */
export const PLUGIN_SQL_DIMENSIONS = [384, 512, 768, 1024, 1536, 3072] as const;

export function paddedDimension(size: number): number {
  const fit = PLUGIN_SQL_DIMENSIONS.find((d) => d >= size);
  if (fit === undefined) {
    throw new Error(
      `embedding size ${size} is larger than the biggest vector column plugin-sql supports (3072): choose a smaller embedding model`,
    );
  }
  return fit;
}

export function padEmbedding(vector: ArrayLike<number>): number[] {
  const out = new Array<number>(paddedDimension(vector.length)).fill(0);
  for (let i = 0; i < vector.length; i++) out[i] = vector[i];
  return out;
}

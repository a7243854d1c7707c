import { TopK } from "./top-k";

/**
 * The in-memory search index: every chunk's vector, L2-normalised, as Float32 in typed
 * arrays, so cosine similarity is a dot product and a query is one pass over contiguous
 * memory plus a top-k list. 58k chunks x 384 dims is 89 MB of Float32 (the old cache of
 * number[] arrays and chunk texts was ~4x that) and 15-25 ms per query on one core.
 *
 * Rows are kept in blocks (one per stored batch or loaded page, one document and one
 * dimension each), not one array for everything: adding a document appends its blocks
 * and deleting drops them, with no copy of the rest and no growth spike while a large
 * upload is added. Chunk texts stay in the database; search returns keys to fetch them.
 */

/** Rows of one document in one dimension. */
export interface VectorBlock {
  dimension: number;
  /** The chunk index of each row. */
  chunkIndexes: Int32Array;
  /** rows x dimension; each row L2-normalised (all zeros if the model gave a zero vector). */
  vectors: Float32Array;
}

export interface IndexedDocument {
  id: string;
  filename: string;
}

export interface IndexHit {
  documentId: string;
  filename: string;
  chunkIndex: number;
  score: number;
}

/** Documents whose vectors have another dimension than the query: their model differs. */
export interface IncomparableDocuments {
  dimension: number;
  filenames: string[];
}

interface Entry {
  doc: IndexedDocument;
  block: VectorBlock;
}

/** Writes `source / |source|` into `target` at `offset` (zeros for a zero vector); the norm in float64. */
function writeNormalised(source: ArrayLike<number>, target: Float32Array, offset: number): void {
  let sum = 0;
  for (let i = 0; i < source.length; i++) sum += source[i] * source[i];
  const scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  for (let i = 0; i < source.length; i++) target[offset + i] = source[i] * scale;
}

/**
 * Blocks of normalised rows from raw model vectors: one block per run of rows with the
 * same dimension. Rows without a vector (dimension 0) cannot be compared and are left out.
 */
export function buildBlocks(rows: ReadonlyArray<{ chunkIndex: number; vector: ArrayLike<number> }>): VectorBlock[] {
  const blocks: VectorBlock[] = [];
  let start = 0;
  while (start < rows.length) {
    const dimension = rows[start].vector.length;
    let end = start + 1;
    while (end < rows.length && rows[end].vector.length === dimension) end++;
    if (dimension > 0) {
      const count = end - start;
      const block: VectorBlock = {
        dimension,
        chunkIndexes: new Int32Array(count),
        vectors: new Float32Array(count * dimension),
      };
      for (let r = 0; r < count; r++) {
        block.chunkIndexes[r] = rows[start + r].chunkIndex;
        writeNormalised(rows[start + r].vector, block.vectors, r * dimension);
      }
      blocks.push(block);
    }
    start = end;
  }
  return blocks;
}

/**
 * q . vectors[base .. base + q.length], in float64. Four running sums let the CPU overlap
 * the multiply-adds (about 1.7x faster than one sum in JSC); the order of additions changes
 * the result only in the last bits of a double.
 */
function dotAt(q: Float64Array, vectors: Float32Array, base: number): number {
  const n = q.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += q[i] * vectors[base + i];
    s1 += q[i + 1] * vectors[base + i + 1];
    s2 += q[i + 2] * vectors[base + i + 2];
    s3 += q[i + 3] * vectors[base + i + 3];
  }
  for (; i < n; i++) s0 += q[i] * vectors[base + i];
  return s0 + s1 + (s2 + s3);
}

export class VectorIndex {
  /** Blocks by dimension, in the order they were added (search ties keep that order). */
  private readonly byDimension = new Map<number, Entry[]>();
  private readonly documents = new Map<string, IndexedDocument>();
  private rows = 0;

  /** Adds blocks of a document (again for each loaded page: they append). */
  add(doc: IndexedDocument, blocks: VectorBlock[]): void {
    const known = this.documents.get(doc.id) ?? { id: doc.id, filename: doc.filename };
    this.documents.set(doc.id, known);
    for (const block of blocks) {
      const entries = this.byDimension.get(block.dimension) ?? [];
      entries.push({ doc: known, block });
      this.byDimension.set(block.dimension, entries);
      this.rows += block.chunkIndexes.length;
    }
  }

  remove(documentId: string): void {
    if (!this.documents.delete(documentId)) return;
    for (const [dimension, entries] of this.byDimension) {
      const kept = entries.filter((e) => e.doc.id !== documentId);
      for (const e of entries) if (e.doc.id === documentId) this.rows -= e.block.chunkIndexes.length;
      if (kept.length) this.byDimension.set(dimension, kept);
      else this.byDimension.delete(dimension);
    }
  }

  /** Rows in the index (of every dimension). */
  get size(): number {
    return this.rows;
  }

  /** Rows that a query of this dimension is compared with. */
  sizeOf(dimension: number): number {
    return (this.byDimension.get(dimension) ?? []).reduce((n, e) => n + e.block.chunkIndexes.length, 0);
  }

  /**
   * The `limit` rows with the highest cosine to `query`, best first. Rows of another
   * dimension are not compared; their documents are listed in `incomparable`.
   */
  search(query: ArrayLike<number>, limit: number): { hits: IndexHit[]; incomparable: IncomparableDocuments[] } {
    const dimension = query.length;
    const q = new Float64Array(dimension);
    let sum = 0;
    for (let i = 0; i < dimension; i++) sum += query[i] * query[i];
    const scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
    for (let i = 0; i < dimension; i++) q[i] = query[i] * scale;

    const top = new TopK<{ entry: Entry; row: number }>(limit);
    let threshold = top.threshold;
    for (const entry of this.byDimension.get(dimension) ?? []) {
      const { vectors, chunkIndexes } = entry.block;
      const count = chunkIndexes.length;
      for (let row = 0, base = 0; row < count; row++, base += dimension) {
        const dot = dotAt(q, vectors, base);
        if (dot > threshold) {
          top.offer(dot, { entry, row });
          threshold = top.threshold;
        }
      }
    }
    const hits = top.results().map(({ score, item: { entry, row } }) => ({
      documentId: entry.doc.id,
      filename: entry.doc.filename,
      chunkIndex: entry.block.chunkIndexes[row],
      score,
    }));
    return { hits, incomparable: this.incomparableWith(dimension) };
  }

  private incomparableWith(dimension: number): IncomparableDocuments[] {
    const out: IncomparableDocuments[] = [];
    for (const [other, entries] of this.byDimension) {
      if (other === dimension) continue;
      out.push({ dimension: other, filenames: [...new Set(entries.map((e) => e.doc.filename))] });
    }
    return out;
  }
}

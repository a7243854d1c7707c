import { createHash } from "node:crypto";
import { newId } from "../../../src-shared/ids";
import { type KnowledgeDocument, type KnowledgeSearchHit, MiladyError } from "../../../src-shared/protocol";
import { chunkPieces } from "./chunk";
import { extractText } from "./extract";
import { type ChunkRow, chunkKey, type KnowledgeStore } from "./knowledge-store";
import { buildBlocks, type IncomparableDocuments, type VectorBlock, VectorIndex } from "./vector-index";

export type EmbedFn = (text: string) => Promise<number[]>;

export interface KnowledgeServiceOptions {
  /**
   * Chunks embedded and stored together. A batch's texts, vectors and SQL parameters are
   * all an upload holds at once besides the text itself: 128 x (800 chars + 384..3072
   * floats) stays in the low megabytes for any embedding size.
   */
  batchSize?: number;
  /** Where search reports documents it skipped (embedded by another model). */
  warn?: (message: string) => void;
  /** Progress of a re-embedding (no filenames: logs may be shared). */
  info?: (message: string) => void;
  /**
   * A full garbage collection, run every `COLLECT_EVERY_CHUNKS` chunks of an upload. JSC
   * collects lazily: a 10 MB upload makes ~15,000 rounds of short-lived strings, arrays
   * and SQL parameters, and without this ~150 MB of them pile up before a collection
   * (measured with the scripted model; ~40 ms per collection, ~0.6 s per 10 MB).
   */
  collectGarbage?: () => void;
}

const DEFAULT_BATCH_SIZE = 128;
const COLLECT_EVERY_CHUNKS = 1024;

/**
 * Lets the event loop run between batches. Without it an upload with a fast embedder is
 * one long chain of promise callbacks: other requests (chat turns) wait for the whole
 * document, and JSC's garbage collector, which is scheduled from the event loop, does not
 * run either; a 10 MB upload then left ~900 MB of garbage before the first collection.
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Ingest, list, delete and search the user's documents. Uploads are chunked lazily and
 * embedded and stored in batches; search is a dot product over an in-memory index of
 * normalised Float32 vectors (vector-index.ts) that is loaded once and then kept in step
 * with every add and delete, with no pgvector dependency.
 *
 * The module queues uploads, one at a time: each holds its document's text and vectors
 * until it is complete, so concurrent ones are correct but multiply that memory.
 */
export class KnowledgeService {
  private index: Promise<VectorIndex> | undefined;
  private readonly batchSize: number;
  private readonly warned = new Set<string>();

  constructor(
    private readonly store: KnowledgeStore,
    private readonly embed: EmbedFn,
    private readonly options: KnowledgeServiceOptions = {},
  ) {
    this.batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  }

  async add(input: { filename: string; contentType: string; data: Uint8Array }): Promise<KnowledgeDocument> {
    // Checked before extracting and embedding: a duplicate costs nothing but the hash.
    const contentSha256 = createHash("sha256").update(input.data).digest("hex");
    await this.refuseDuplicate(contentSha256, input.filename);
    const text = await extractText(input.data, input.filename, input.contentType);
    // Loaded before the document is completed, so a load cannot miss it or add it twice.
    const index = await this.loadedIndex();
    const doc: KnowledgeDocument = {
      id: newId(),
      filename: input.filename,
      contentType: input.contentType || "application/octet-stream",
      bytes: input.data.byteLength,
      chunks: 0,
      createdAt: Date.now(),
    };
    try {
      await this.store.beginDocument(doc, contentSha256);
    } catch (err) {
      // The same bytes uploaded twice at once: the unique index refused the second.
      await this.refuseDuplicate(contentSha256, input.filename);
      throw err;
    }
    let blocks: VectorBlock[];
    try {
      ({ blocks, chunks: doc.chunks } = await this.storeChunks(doc.id, text));
      await this.store.completeDocument(doc.id, doc.chunks);
    } catch (err) {
      // Nothing of a failed upload stays: it was never listed, and now its rows are gone too.
      await this.store.delete(doc.id).catch(() => {});
      throw err;
    }
    index.add(doc, blocks);
    return doc;
  }

  /**
   * Chunks, embeds and stores `text` a batch at a time; returns the index blocks for the
   * document (its normalised vectors) and how many chunks it has.
   */
  private async storeChunks(documentId: string, text: string): Promise<{ blocks: VectorBlock[]; chunks: number }> {
    const blocks: VectorBlock[] = [];
    let batch: ChunkRow[] = [];
    let count = 0;
    let collectedAt = 0;
    const flush = async () => {
      await this.store.insertChunks(documentId, batch);
      blocks.push(...buildBlocks(batch));
      batch = [];
      if (count - collectedAt >= COLLECT_EVERY_CHUNKS) {
        collectedAt = count;
        this.options.collectGarbage?.();
      }
      await nextTurn();
    };
    for (const piece of chunkPieces(text)) {
      batch.push({ chunkIndex: count++, text: piece, vector: await this.embedOrExplain(piece) });
      if (batch.length >= this.batchSize) await flush();
    }
    await flush();
    return { blocks, chunks: count };
  }

  /** The same document twice would show up twice in every search; say which one is already there. */
  private async refuseDuplicate(contentSha256: string, filename: string): Promise<void> {
    const existing = await this.store.findByHash(contentSha256);
    if (!existing) return;
    const same = existing.filename === filename ? "" : ` as "${existing.filename}"`;
    throw new MiladyError(
      "conflict",
      `"${filename}" is already in knowledge${same}: the same contents were uploaded before`,
      `Delete "${existing.filename}" first to upload it again; renaming the file does not help, the contents are compared.`,
    );
  }

  list(): Promise<KnowledgeDocument[]> {
    return this.store.list();
  }

  async delete(documentId: string): Promise<boolean> {
    const index = await this.loadedIndex();
    const deleted = await this.store.delete(documentId);
    index.remove(documentId);
    return deleted;
  }

  /**
   * Embeds stored chunks again with the current embedding model, after the user changed it:
   * every chunk (`all`; a new model of the same size gives vectors of the same length that
   * still cannot be compared), or only those whose vectors have another length. A page at a
   * time, each page written in one statement: a failure keeps what was done, and running it
   * again (not `all`) picks up where it stopped. Searches use the old index until it is done.
   */
  async reembed(all: boolean): Promise<{ documents: number; chunks: number; dimension: number }> {
    const dimension = (await this.embedOrExplain("dimension probe")).length;
    let documents = 0;
    let chunks = 0;
    try {
      for (const doc of await this.store.indexedDocuments()) {
        let done = 0;
        for await (const page of this.store.reembedPages(doc.id, all ? undefined : dimension)) {
          const rows: Array<{ chunkIndex: number; vector: number[] }> = [];
          for (const chunk of page)
            rows.push({ chunkIndex: chunk.chunkIndex, vector: await this.embedOrExplain(chunk.text) });
          await this.store.updateVectors(doc.id, rows);
          done += rows.length;
          await nextTurn();
        }
        if (done > 0) {
          documents++;
          chunks += done;
          this.options.info?.(`re-embedded ${done} chunks of a document (${dimension} dimensions)`);
        }
      }
    } finally {
      // The next search loads the vectors as stored now (also after a failure part-way);
      // its warnings about other models may differ.
      this.index = undefined;
      this.warned.clear();
    }
    return { documents, chunks, dimension };
  }

  /** True when there is anything to search (lets the prompt provider skip an embedding). */
  async hasChunks(): Promise<boolean> {
    return (await this.loadedIndex()).size > 0;
  }

  async search(query: string, limit: number): Promise<KnowledgeSearchHit[]> {
    const index = await this.loadedIndex();
    if (index.size === 0 || !query.trim()) return [];
    const vector = await this.embedOrExplain(query);
    const { hits, incomparable } = index.search(vector, limit);
    if (incomparable.length > 0)
      this.reportIncomparable(incomparable, vector.length, index.sizeOf(vector.length) === 0);
    const texts = await this.store.chunkTexts(hits);
    // A hit whose document was deleted since the search has no text any more: leave it out.
    return hits.flatMap((h) => {
      const text = texts.get(chunkKey(h.documentId, h.chunkIndex));
      return text === undefined ? [] : [{ ...h, text }];
    });
  }

  /** Loads the index now (at start) instead of on the first search; failures are left for that search. */
  async warmUp(): Promise<void> {
    await this.loadedIndex();
  }

  /**
   * Vectors of another dimension come from another embedding model and cannot be compared.
   * With nothing comparable the search fails with the fix (naming the documents: the answer
   * goes to their owner); otherwise those documents are skipped and the log says how many
   * (no filenames in logs), once per distinct set rather than on every chat turn.
   */
  private reportIncomparable(incomparable: IncomparableDocuments[], dimension: number, nothingComparable: boolean) {
    const fix =
      "Re-embed them with the current model (Knowledge tab > Re-embed, or POST /api/knowledge/reembed), or switch back to the model they were embedded with.";
    if (nothingComparable) {
      const which = incomparable
        .map((g) => `${g.filenames.map((f) => `"${f}"`).join(", ")} (${g.dimension} dimensions)`)
        .join("; ");
      throw new MiladyError(
        "model_error",
        `knowledge was embedded by another embedding model: ${which}; the current model gives ${dimension} dimensions`,
        fix,
      );
    }
    const counts = incomparable.map((g) => `${g.filenames.length} with ${g.dimension} dimensions`).join(", ");
    const message = `knowledge search skipped documents embedded by another model (${counts}; the current model gives ${dimension}). ${fix}`;
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.options.warn?.(message);
  }

  private loadedIndex(): Promise<VectorIndex> {
    if (!this.index) {
      this.index = this.loadIndex();
      // A failed load (database trouble) is retried by the next caller, not cached.
      this.index.catch(() => {
        this.index = undefined;
      });
    }
    return this.index;
  }

  /** Every complete document's vectors, page by page: never all rows of the table in one result. */
  private async loadIndex(): Promise<VectorIndex> {
    await this.store.convertLegacyVectors();
    const index = new VectorIndex();
    for (const doc of await this.store.indexedDocuments()) {
      for await (const page of this.store.vectorPages(doc.id)) index.add(doc, buildBlocks(page));
    }
    return index;
  }

  private async embedOrExplain(text: string): Promise<number[]> {
    try {
      const v = await this.embed(text);
      if (!Array.isArray(v) || v.length === 0) throw new Error("the embedding model returned no vector");
      return v;
    } catch (err) {
      if (err instanceof MiladyError) throw err;
      throw new MiladyError(
        "model_error",
        `could not embed text for knowledge: ${(err as Error).message}`,
        "Check the embedding model in the Models tab (a local GGUF or a provider with embeddings).",
      );
    }
  }
}

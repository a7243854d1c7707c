import { newId } from "../../../src-shared/ids";
import { type KnowledgeDocument, type KnowledgeSearchHit, MiladyError } from "../../../src-shared/protocol";
import { chunkText } from "./chunk";
import { cosine } from "./cosine";
import { extractText } from "./extract";
import type { KnowledgeStore, StoredChunk } from "./knowledge-store";

export type EmbedFn = (text: string) => Promise<number[]>;

/**
 * Ingest, list, delete and search the user's documents. Search is brute-force cosine in
 * memory over a cache of all chunk vectors: 10 MB of text is ~13,000 chunks x 384 floats,
 * a few milliseconds per query, with no pgvector dependency.
 */
export class KnowledgeService {
  private cache: StoredChunk[] | null = null;

  constructor(
    private readonly store: KnowledgeStore,
    private readonly embed: EmbedFn,
  ) {}

  async add(input: { filename: string; contentType: string; data: Uint8Array }): Promise<KnowledgeDocument> {
    const text = await extractText(input.data, input.filename, input.contentType);
    const pieces = chunkText(text);
    const chunks: Array<{ text: string; embedding: number[] }> = [];
    for (const piece of pieces) chunks.push({ text: piece, embedding: await this.embedOrExplain(piece) });
    const doc: KnowledgeDocument = {
      id: newId(),
      filename: input.filename,
      contentType: input.contentType || "application/octet-stream",
      bytes: input.data.byteLength,
      chunks: chunks.length,
      createdAt: Date.now(),
    };
    await this.store.insert(doc, chunks);
    this.cache = null;
    return doc;
  }

  list(): Promise<KnowledgeDocument[]> {
    return this.store.list();
  }

  async delete(documentId: string): Promise<boolean> {
    const deleted = await this.store.delete(documentId);
    this.cache = null;
    return deleted;
  }

  /** True when there is anything to search (lets the prompt provider skip an embedding). */
  async hasChunks(): Promise<boolean> {
    return (await this.chunks()).length > 0;
  }

  async search(query: string, limit: number): Promise<KnowledgeSearchHit[]> {
    const chunks = await this.chunks();
    if (chunks.length === 0 || !query.trim()) return [];
    const q = await this.embedOrExplain(query);
    return chunks
      .map((c) => ({
        documentId: c.documentId,
        filename: c.filename,
        chunkIndex: c.chunkIndex,
        text: c.text,
        score: cosine(q, c.embedding),
      }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }

  private async chunks(): Promise<StoredChunk[]> {
    if (!this.cache) this.cache = await this.store.allChunks();
    return this.cache;
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

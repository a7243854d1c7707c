import { createHash } from "node:crypto";
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
    // Checked before extracting and embedding: a duplicate costs nothing but the hash.
    const contentSha256 = createHash("sha256").update(input.data).digest("hex");
    await this.refuseDuplicate(contentSha256, input.filename);
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
    try {
      await this.store.insert(doc, chunks, contentSha256);
    } catch (err) {
      // The same bytes uploaded twice at once: the unique index refused the second.
      await this.refuseDuplicate(contentSha256, input.filename);
      throw err;
    }
    this.cache = null;
    return doc;
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

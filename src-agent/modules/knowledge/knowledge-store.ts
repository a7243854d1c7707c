import type { KnowledgeDocument } from "../../../src-shared/protocol";
import type { SqlClient } from "../../runtime/sql-client";

/**
 * Knowledge lives in two tables of the agent's own database (PGlite or PostgreSQL), so
 * it survives restarts and moves with the data dir. Embeddings are stored as JSON arrays:
 * portable across pgvector-less PostgreSQL and any embedding dimension (384..3072).
 */
const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS milady_knowledge_documents (
     id TEXT PRIMARY KEY,
     agent_id TEXT NOT NULL,
     filename TEXT NOT NULL,
     content_type TEXT NOT NULL,
     bytes INTEGER NOT NULL,
     chunks INTEGER NOT NULL,
     created_at BIGINT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS milady_knowledge_chunks (
     id TEXT PRIMARY KEY,
     document_id TEXT NOT NULL REFERENCES milady_knowledge_documents(id) ON DELETE CASCADE,
     agent_id TEXT NOT NULL,
     chunk_index INTEGER NOT NULL,
     text TEXT NOT NULL,
     embedding JSONB NOT NULL)`,
  "CREATE INDEX IF NOT EXISTS milady_knowledge_chunks_agent ON milady_knowledge_chunks(agent_id)",
  // Added after the first release: databases created before it have the table without the column.
  // Documents stored before it have no hash and are not checked for duplicates.
  "ALTER TABLE milady_knowledge_documents ADD COLUMN IF NOT EXISTS content_sha256 TEXT",
  // Two uploads of the same bytes racing past the lookup: the second insert fails here.
  `CREATE UNIQUE INDEX IF NOT EXISTS milady_knowledge_documents_hash
     ON milady_knowledge_documents(agent_id, content_sha256) WHERE content_sha256 IS NOT NULL`,
];

export interface StoredChunk {
  documentId: string;
  filename: string;
  chunkIndex: number;
  text: string;
  embedding: number[];
}

interface DocRow {
  id: string;
  filename: string;
  content_type: string;
  bytes: number;
  chunks: number;
  created_at: string | number;
}

const toDoc = (r: DocRow): KnowledgeDocument => ({
  id: r.id,
  filename: r.filename,
  contentType: r.content_type,
  bytes: Number(r.bytes),
  chunks: Number(r.chunks),
  createdAt: Number(r.created_at),
});

export class KnowledgeStore {
  constructor(
    private readonly sql: SqlClient,
    private readonly agentId: string,
  ) {}

  async migrate(): Promise<void> {
    for (const stmt of SCHEMA) await this.sql.query(stmt);
  }

  /**
   * No BEGIN/COMMIT: on a pg Pool each query may use another connection, and PGlite's
   * single connection is shared with elizaOS. The document row goes first (foreign key),
   * chunks follow in multi-row statements of 500 (under pg's 65,535 parameter limit);
   * on any failure the document is deleted again, which cascades to its chunks.
   */
  async insert(
    doc: KnowledgeDocument,
    chunks: Array<{ text: string; embedding: number[] }>,
    contentSha256: string,
  ): Promise<void> {
    await this.sql.query(
      "INSERT INTO milady_knowledge_documents (id, agent_id, filename, content_type, bytes, chunks, created_at, content_sha256) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)",
      [doc.id, this.agentId, doc.filename, doc.contentType, doc.bytes, doc.chunks, doc.createdAt, contentSha256],
    );
    try {
      for (let start = 0; start < chunks.length; start += 500) {
        const batch = chunks.slice(start, start + 500);
        const params: unknown[] = [];
        const values = batch.map((c, j) => {
          const i = start + j;
          params.push(`${doc.id}:${i}`, doc.id, this.agentId, i, c.text, JSON.stringify(c.embedding));
          const b = j * 6;
          return `($${b + 1},$${b + 2},$${b + 3},$${b + 4},$${b + 5},$${b + 6}::jsonb)`;
        });
        await this.sql.query(
          `INSERT INTO milady_knowledge_chunks (id, document_id, agent_id, chunk_index, text, embedding) VALUES ${values.join(",")}`,
          params,
        );
      }
    } catch (err) {
      await this.delete(doc.id).catch(() => {});
      throw err;
    }
  }

  async list(): Promise<KnowledgeDocument[]> {
    const { rows } = await this.sql.query<DocRow>(
      "SELECT id, filename, content_type, bytes, chunks, created_at FROM milady_knowledge_documents WHERE agent_id = $1 ORDER BY created_at DESC, id",
      [this.agentId],
    );
    return rows.map(toDoc);
  }

  /** The document with exactly these bytes (SHA-256, hex), if one was uploaded before. */
  async findByHash(contentSha256: string): Promise<KnowledgeDocument | undefined> {
    const { rows } = await this.sql.query<DocRow>(
      "SELECT id, filename, content_type, bytes, chunks, created_at FROM milady_knowledge_documents WHERE agent_id = $1 AND content_sha256 = $2 LIMIT 1",
      [this.agentId, contentSha256],
    );
    return rows[0] ? toDoc(rows[0]) : undefined;
  }

  async delete(documentId: string): Promise<boolean> {
    await this.sql.query("DELETE FROM milady_knowledge_chunks WHERE document_id = $1 AND agent_id = $2", [
      documentId,
      this.agentId,
    ]);
    const { rows } = await this.sql.query<{ id: string }>(
      "DELETE FROM milady_knowledge_documents WHERE id = $1 AND agent_id = $2 RETURNING id",
      [documentId, this.agentId],
    );
    return rows.length > 0;
  }

  async allChunks(): Promise<StoredChunk[]> {
    const { rows } = await this.sql.query<{
      document_id: string;
      filename: string;
      chunk_index: number;
      text: string;
      embedding: number[] | string;
    }>(
      `SELECT c.document_id, d.filename, c.chunk_index, c.text, c.embedding
         FROM milady_knowledge_chunks c JOIN milady_knowledge_documents d ON d.id = c.document_id
        WHERE c.agent_id = $1`,
      [this.agentId],
    );
    return rows.map((r) => ({
      documentId: r.document_id,
      filename: r.filename,
      chunkIndex: Number(r.chunk_index),
      text: r.text,
      embedding: typeof r.embedding === "string" ? JSON.parse(r.embedding) : r.embedding,
    }));
  }
}

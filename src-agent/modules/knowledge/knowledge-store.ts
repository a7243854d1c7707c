import type { KnowledgeDocument } from "../../../src-shared/protocol";
import type { SqlClient } from "../../runtime/sql-client";
import { base64ToVector, vectorToBase64 } from "./vector-codec";

/**
 * Knowledge lives in two tables of the agent's own database (PGlite or PostgreSQL), so
 * it survives restarts and moves with the data dir. Vectors are `bytea` of Float32
 * little-endian (vector-codec.ts): portable across pgvector-less PostgreSQL and any
 * embedding dimension (384..3072), 4 bytes a dimension.
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
     vector BYTEA)`,
  "CREATE INDEX IF NOT EXISTS milady_knowledge_chunks_agent ON milady_knowledge_chunks(agent_id)",
  // Added after the first release: databases created before it have the table without the column.
  // Documents stored before it have no hash and are not checked for duplicates.
  "ALTER TABLE milady_knowledge_documents ADD COLUMN IF NOT EXISTS content_sha256 TEXT",
  // Two uploads of the same bytes racing past the lookup: the second insert fails here.
  `CREATE UNIQUE INDEX IF NOT EXISTS milady_knowledge_documents_hash
     ON milady_knowledge_documents(agent_id, content_sha256) WHERE content_sha256 IS NOT NULL`,
  // Second change: vectors as bytea (the first release stored JSONB in `embedding`, converted
  // by convertLegacyVectors), and uploads that only count once their last chunk is stored.
  "ALTER TABLE milady_knowledge_chunks ADD COLUMN IF NOT EXISTS vector BYTEA",
  "ALTER TABLE milady_knowledge_documents ADD COLUMN IF NOT EXISTS complete BOOLEAN NOT NULL DEFAULT TRUE",
  // Deletes cascade by document_id; search fetches hit texts by (document_id, chunk_index).
  "CREATE INDEX IF NOT EXISTS milady_knowledge_chunks_document ON milady_knowledge_chunks(document_id, chunk_index)",
];

/** Rows per page when reading vectors back (bounds the memory a read takes in PGlite and here). */
const VECTOR_PAGE_ROWS = 512;
/** Old JSONB rows converted per statement. */
const LEGACY_PAGE_ROWS = 256;

export interface ChunkRow {
  chunkIndex: number;
  text: string;
  vector: ArrayLike<number>;
}

export interface ChunkKey {
  documentId: string;
  chunkIndex: number;
}

interface DocRow {
  id: string;
  filename: string;
  content_type: string;
  bytes: number;
  chunks: number;
  created_at: string | number;
}

const DOC_COLUMNS = "id, filename, content_type, bytes, chunks, created_at";

const toDoc = (r: DocRow): KnowledgeDocument => ({
  id: r.id,
  filename: r.filename,
  contentType: r.content_type,
  bytes: Number(r.bytes),
  chunks: Number(r.chunks),
  createdAt: Number(r.created_at),
});

export const chunkKey = (documentId: string, chunkIndex: number) => `${documentId}:${chunkIndex}`;

/** `($1,$2,...),(...)`: placeholders for `rows` tuples of `width` values, numbered from `first`. */
function tuples(rows: number, width: number, first = 1, cast: (column: number, p: string) => string = (_, p) => p) {
  return Array.from(
    { length: rows },
    (_, r) => `(${Array.from({ length: width }, (_, c) => cast(c, `$${first + r * width + c}`)).join(",")})`,
  ).join(",");
}

export class KnowledgeStore {
  constructor(
    private readonly sql: SqlClient,
    private readonly agentId: string,
  ) {}

  async migrate(): Promise<void> {
    const { current, legacy } = await this.schemaState();
    if (!current) for (const stmt of SCHEMA) await this.sql.query(stmt);
    // New chunks carry no JSONB; the first release's column must accept that until it is converted.
    if (legacy) await this.sql.query("ALTER TABLE milady_knowledge_chunks ALTER COLUMN embedding DROP NOT NULL");
    // An upload the agent did not finish (killed mid-way) was never listed: drop what it stored.
    await this.sql.query("DELETE FROM milady_knowledge_documents WHERE agent_id = $1 AND NOT complete", [this.agentId]);
  }

  /**
   * One catalog read instead of SCHEMA's eight statements and an information_schema query on each
   * start (DDL that changes nothing still takes locks and catalog lookups). `current`: every
   * column and index SCHEMA makes is there; `legacy`: the first release's JSONB column is.
   * Names are looked up in the search path, as SCHEMA's unqualified names are. SCHEMA leaves
   * `legacy` as it is, so one read serves both.
   */
  private async schemaState(): Promise<{ current: boolean; legacy: boolean }> {
    const column = (table: string, names: string) =>
      `SELECT count(*) FROM pg_attribute WHERE attrelid = to_regclass('${table}') AND attname IN (${names})
          AND attnum > 0 AND NOT attisdropped`;
    const { rows } = await this.sql.query<{ current: boolean; legacy: boolean }>(
      `SELECT (${column("milady_knowledge_documents", "'content_sha256', 'complete'")}) = 2
          AND (${column("milady_knowledge_chunks", "'vector'")}) = 1
          AND to_regclass('milady_knowledge_chunks_agent') IS NOT NULL
          AND to_regclass('milady_knowledge_documents_hash') IS NOT NULL
          AND to_regclass('milady_knowledge_chunks_document') IS NOT NULL AS current,
        (${column("milady_knowledge_chunks", "'embedding'")}) = 1 AS legacy`,
    );
    return { current: rows[0]?.current === true, legacy: rows[0]?.legacy === true };
  }

  private async hasLegacyColumn(): Promise<boolean> {
    const { rows } = await this.sql.query(
      `SELECT 1 FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'milady_knowledge_chunks' AND column_name = 'embedding'`,
    );
    return rows.length > 0;
  }

  /**
   * Rewrites the first release's JSONB vectors as bytea, a page at a time (bounded memory),
   * then drops the old column. Idempotent; returns how many rows it converted. A row whose
   * JSON is not a vector gets an empty one: it is kept but cannot be searched.
   */
  async convertLegacyVectors(): Promise<number> {
    if (!(await this.hasLegacyColumn())) return 0;
    let converted = 0;
    // Keyset pages on the primary key: each page is an index range, not a scan of the table.
    for (let after = ""; ; ) {
      const { rows } = await this.sql.query<{ id: string; embedding: string | null }>(
        `SELECT id, embedding::text AS embedding FROM milady_knowledge_chunks
          WHERE id > $1 AND vector IS NULL ORDER BY id LIMIT $2`,
        [after, LEGACY_PAGE_ROWS],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;
      const params = rows.flatMap((r) => [r.id, vectorToBase64(parseLegacyVector(r.embedding))]);
      await this.sql.query(
        `UPDATE milady_knowledge_chunks AS c SET vector = decode(v.b64, 'base64'), embedding = NULL
           FROM (VALUES ${tuples(rows.length, 2, 1, (_, p) => `${p}::text`)}) AS v(id, b64) WHERE c.id = v.id`,
        params,
      );
      converted += rows.length;
    }
    await this.sql.query("ALTER TABLE milady_knowledge_chunks DROP COLUMN IF EXISTS embedding");
    return converted;
  }

  /**
   * The document row, not yet complete: it is neither listed nor searched, and its hash
   * already refuses a second upload of the same bytes. Chunks follow with `insertChunks`.
   */
  async beginDocument(doc: KnowledgeDocument, contentSha256: string): Promise<void> {
    await this.sql.query(
      `INSERT INTO milady_knowledge_documents (id, agent_id, filename, content_type, bytes, chunks, created_at, content_sha256, complete)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,false)`,
      [doc.id, this.agentId, doc.filename, doc.contentType, doc.bytes, doc.chunks, doc.createdAt, contentSha256],
    );
  }

  /**
   * One batch of chunks in one multi-row statement (atomic on its own). There is no
   * transaction around the whole upload: embedding 15,000 chunks on a local model takes
   * minutes, and PGlite's one connection is shared with elizaOS (a transaction would stall
   * every chat turn that long); a pg Pool may run each query on another connection. The
   * `complete` flag gives the same all-or-nothing view instead (see `completeDocument`).
   */
  async insertChunks(documentId: string, rows: ChunkRow[]): Promise<void> {
    if (rows.length === 0) return;
    const params: unknown[] = [];
    for (const row of rows) {
      params.push(
        chunkKey(documentId, row.chunkIndex),
        documentId,
        this.agentId,
        row.chunkIndex,
        row.text,
        vectorToBase64(row.vector),
      );
    }
    const values = tuples(rows.length, 6, 1, (column, p) => (column === 5 ? `decode(${p}, 'base64')` : p));
    await this.sql.query(
      `INSERT INTO milady_knowledge_chunks (id, document_id, agent_id, chunk_index, text, vector) VALUES ${values}`,
      params,
    );
  }

  /** Every chunk is stored: the document is listed and searched from now on. */
  async completeDocument(documentId: string, chunks: number): Promise<void> {
    await this.sql.query(
      "UPDATE milady_knowledge_documents SET complete = true, chunks = $3 WHERE id = $1 AND agent_id = $2",
      [documentId, this.agentId, chunks],
    );
  }

  async list(): Promise<KnowledgeDocument[]> {
    const { rows } = await this.sql.query<DocRow>(
      `SELECT ${DOC_COLUMNS} FROM milady_knowledge_documents WHERE agent_id = $1 AND complete ORDER BY created_at DESC, id`,
      [this.agentId],
    );
    return rows.map(toDoc);
  }

  /** The document with exactly these bytes (SHA-256, hex), if one was uploaded before. */
  async findByHash(contentSha256: string): Promise<KnowledgeDocument | undefined> {
    const { rows } = await this.sql.query<DocRow>(
      `SELECT ${DOC_COLUMNS} FROM milady_knowledge_documents WHERE agent_id = $1 AND content_sha256 = $2 AND complete LIMIT 1`,
      [this.agentId, contentSha256],
    );
    return rows[0] ? toDoc(rows[0]) : undefined;
  }

  /** Deletes a document and its chunks (complete or not); false when there was none. */
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

  /** Complete documents, oldest first (the order the index is built in). */
  async indexedDocuments(): Promise<Array<{ id: string; filename: string }>> {
    const { rows } = await this.sql.query<{ id: string; filename: string }>(
      "SELECT id, filename FROM milady_knowledge_documents WHERE agent_id = $1 AND complete ORDER BY created_at, id",
      [this.agentId],
    );
    return rows;
  }

  /** A document's vectors in chunk order, a page at a time. */
  async *vectorPages(documentId: string): AsyncGenerator<Array<{ chunkIndex: number; vector: Float32Array }>> {
    let after = -1;
    for (;;) {
      const { rows } = await this.sql.query<{ chunk_index: number; vector: string }>(
        `SELECT chunk_index, encode(vector, 'base64') AS vector FROM milady_knowledge_chunks
          WHERE document_id = $1 AND agent_id = $2 AND chunk_index > $3 AND vector IS NOT NULL
          ORDER BY chunk_index LIMIT $4`,
        [documentId, this.agentId, after, VECTOR_PAGE_ROWS],
      );
      if (rows.length === 0) return;
      yield rows.map((r) => ({ chunkIndex: Number(r.chunk_index), vector: base64ToVector(r.vector) }));
      after = Number(rows[rows.length - 1].chunk_index);
      if (rows.length < VECTOR_PAGE_ROWS) return;
    }
  }

  /**
   * A document's chunk texts to embed again, a page at a time: all of them, or (with
   * `unlessDimension`) only those without a vector of that many dimensions.
   */
  async *reembedPages(
    documentId: string,
    unlessDimension?: number,
  ): AsyncGenerator<Array<{ chunkIndex: number; text: string }>> {
    let after = -1;
    for (;;) {
      const { rows } = await this.sql.query<{ chunk_index: number; text: string }>(
        `SELECT chunk_index, text FROM milady_knowledge_chunks
          WHERE document_id = $1 AND agent_id = $2 AND chunk_index > $3
            AND ($5::int IS NULL OR vector IS NULL OR octet_length(vector) <> $5::int * 4)
          ORDER BY chunk_index LIMIT $4`,
        [documentId, this.agentId, after, VECTOR_PAGE_ROWS, unlessDimension ?? null],
      );
      if (rows.length === 0) return;
      yield rows.map((r) => ({ chunkIndex: Number(r.chunk_index), text: r.text }));
      after = Number(rows[rows.length - 1].chunk_index);
      if (rows.length < VECTOR_PAGE_ROWS) return;
    }
  }

  /** New vectors for chunks of one document, in one statement. */
  async updateVectors(
    documentId: string,
    rows: Array<{ chunkIndex: number; vector: ArrayLike<number> }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    const params: unknown[] = [this.agentId];
    for (const row of rows) params.push(chunkKey(documentId, row.chunkIndex), vectorToBase64(row.vector));
    const values = tuples(rows.length, 2, 2);
    await this.sql.query(
      `UPDATE milady_knowledge_chunks AS c SET vector = decode(v.vector, 'base64')
         FROM (VALUES ${values}) AS v(id, vector) WHERE c.id = v.id AND c.agent_id = $1`,
      params,
    );
  }

  /** The texts of these chunks, by `chunkKey`; search fetches only its hits. */
  async chunkTexts(keys: ChunkKey[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const { rows } = await this.sql.query<{ document_id: string; chunk_index: number; text: string }>(
      `SELECT document_id, chunk_index, text FROM milady_knowledge_chunks
        WHERE agent_id = $1 AND (document_id, chunk_index) IN (${tuples(keys.length, 2, 2, (c, p) => (c === 1 ? `${p}::int` : p))})`,
      [this.agentId, ...keys.flatMap((k) => [k.documentId, k.chunkIndex])],
    );
    return new Map(rows.map((r) => [chunkKey(r.document_id, Number(r.chunk_index)), r.text]));
  }
}

function parseLegacyVector(json: string | null): number[] {
  try {
    const value: unknown = json === null ? null : JSON.parse(json);
    return Array.isArray(value) && value.every((x) => typeof x === "number") ? value : [];
  } catch {
    return [];
  }
}

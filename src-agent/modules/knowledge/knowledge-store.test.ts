import { afterAll, describe, expect, test } from "bun:test";
import { PGlite } from "@electric-sql/pglite";
import type { KnowledgeDocument } from "../../../src-shared/protocol";
import type { SqlClient } from "../../runtime/sql-client";
import { cosine } from "./cosine";
import { KnowledgeService } from "./knowledge-service";
import { KnowledgeStore } from "./knowledge-store";

// Real PGlite in memory: the migration's SQL must run on the engine users have.
const databases: PGlite[] = [];
afterAll(() => Promise.all(databases.map((db) => db.close())));
function database(): { db: PGlite; sql: SqlClient } {
  const db = new PGlite();
  databases.push(db);
  return { db, sql: { query: (text, params) => db.query(text, params) as never } };
}

const doc = (id: string, filename: string): KnowledgeDocument => ({
  id,
  filename,
  contentType: "text/plain",
  bytes: 5,
  chunks: 0,
  createdAt: Date.now(),
});

/** A one-chunk document, stored the way an upload stores it. */
async function storeDoc(store: KnowledgeStore, id: string, filename: string, hash: string): Promise<void> {
  await store.beginDocument(doc(id, filename), hash);
  await store.insertChunks(id, [{ chunkIndex: 0, text: "hello", vector: [1, 0] }]);
  await store.completeDocument(id, 1);
}

const columnsOf = async (db: PGlite, table: string) =>
  (
    await db.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY column_name",
      [table],
    )
  ).rows.map((r) => r.column_name);

describe("KnowledgeStore", () => {
  const { db, sql } = database();

  test("a start on a current schema sends no DDL; one missing an index or a column makes it again", async () => {
    const { db, sql } = database();
    const sent: string[] = [];
    const counted: SqlClient = { query: (text, params) => (sent.push(text), sql.query(text, params)) };
    const store = new KnowledgeStore(counted, "agent-1");
    await store.migrate();
    sent.length = 0;
    await store.migrate();
    expect(sent.filter((s) => /CREATE|ALTER/.test(s))).toEqual([]);

    const indexes = () =>
      db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_indexes WHERE indexname LIKE 'milady_knowledge_%'");
    const before = (await indexes()).rows[0].n;
    await db.query("DROP INDEX milady_knowledge_chunks_document");
    await store.migrate();
    expect((await indexes()).rows[0].n).toBe(before);
    await db.query("ALTER TABLE milady_knowledge_documents DROP COLUMN complete");
    await store.migrate();
    expect(await columnsOf(db, "milady_knowledge_documents")).toContain("complete");
  });

  test("migrates a database made before content hashes (the table without the column), then finds documents by hash", async () => {
    // The table as the first release created it.
    await db.query(`CREATE TABLE milady_knowledge_documents (
       id TEXT PRIMARY KEY, agent_id TEXT NOT NULL, filename TEXT NOT NULL, content_type TEXT NOT NULL,
       bytes INTEGER NOT NULL, chunks INTEGER NOT NULL, created_at BIGINT NOT NULL)`);
    await db.query(
      "INSERT INTO milady_knowledge_documents VALUES ('old', 'agent-1', 'old.txt', 'text/plain', 3, 0, 1)",
    );
    const store = new KnowledgeStore(sql, "agent-1");
    await store.migrate();
    await store.migrate(); // idempotent: every start runs it

    expect((await store.list()).map((d) => d.id)).toEqual(["old"]);
    await storeDoc(store, "d1", "a.txt", "hash-a");
    expect((await store.findByHash("hash-a"))?.filename).toBe("a.txt");
    expect(await store.findByHash("hash-b")).toBeUndefined();
    // Another agent in the same database has its own documents.
    expect(await new KnowledgeStore(sql, "agent-2").findByHash("hash-a")).toBeUndefined();
  });

  test("the unique index refuses the same bytes twice even when both uploads passed the lookup", async () => {
    const store = new KnowledgeStore(sql, "agent-1");
    await expect(store.beginDocument(doc("d2", "copy.txt"), "hash-a")).rejects.toThrow();
    expect((await store.list()).map((d) => d.id).sort()).toEqual(["d1", "old"]);
    expect(await store.delete("d1")).toBe(true);
    await storeDoc(store, "d3", "again.txt", "hash-a");
    expect((await store.findByHash("hash-a"))?.id).toBe("d3");
  });

  test("a document is listed and found by hash only once it is complete; the next start drops an unfinished one", async () => {
    const store = new KnowledgeStore(sql, "agent-1");
    await store.beginDocument(doc("half", "half.txt"), "hash-half");
    await store.insertChunks("half", [{ chunkIndex: 0, text: "part", vector: [0, 1] }]);
    expect((await store.list()).map((d) => d.id)).not.toContain("half");
    expect(await store.findByHash("hash-half")).toBeUndefined();
    expect((await store.indexedDocuments()).map((d) => d.id)).not.toContain("half");

    await store.migrate(); // the agent was killed mid-upload and starts again
    const left = await db.query("SELECT id FROM milady_knowledge_chunks WHERE document_id = 'half'");
    expect(left.rows).toHaveLength(0);
    expect((await db.query("SELECT id FROM milady_knowledge_documents WHERE id = 'half'")).rows).toHaveLength(0);
  });

  test("vectors round-trip through bytea as Float32 (384 dims: PostgreSQL's base64 wraps lines)", async () => {
    const store = new KnowledgeStore(sql, "agent-1");
    const vector = Array.from({ length: 384 }, (_, i) => Math.sin(i) * 3.5);
    await store.beginDocument(doc("v", "v.txt"), "hash-v");
    await store.insertChunks("v", [
      { chunkIndex: 0, text: "a", vector },
      { chunkIndex: 1, text: "b", vector: [] },
    ]);
    await store.completeDocument("v", 2);
    const pages = [];
    for await (const page of store.vectorPages("v")) pages.push(...page);
    expect(pages.map((p) => p.chunkIndex)).toEqual([0, 1]);
    expect([...pages[0].vector]).toEqual([...Float32Array.from(vector)]);
    expect(pages[1].vector.length).toBe(0);
    const { rows } = await db.query<{ bytes: number }>(
      "SELECT octet_length(vector) AS bytes FROM milady_knowledge_chunks WHERE document_id = 'v' ORDER BY chunk_index",
    );
    expect(rows.map((r) => r.bytes)).toEqual([384 * 4, 0]);
    const texts = await store.chunkTexts([
      { documentId: "v", chunkIndex: 1 },
      { documentId: "v", chunkIndex: 0 },
      { documentId: "v", chunkIndex: 9 },
    ]);
    expect([...texts.entries()].sort()).toEqual([
      ["v:0", "a"],
      ["v:1", "b"],
    ]);
  });
});

describe("a database with the first release's JSONB vectors", () => {
  test("migrates, converts the vectors to bytea, drops the JSONB column and searches the old rows with the same scores", async () => {
    const { db, sql } = database();
    // The tables as the first release created them: vectors in `embedding JSONB NOT NULL`.
    await db.exec(`
      CREATE TABLE milady_knowledge_documents (
        id TEXT PRIMARY KEY, agent_id TEXT NOT NULL, filename TEXT NOT NULL, content_type TEXT NOT NULL,
        bytes INTEGER NOT NULL, chunks INTEGER NOT NULL, created_at BIGINT NOT NULL);
      CREATE TABLE milady_knowledge_chunks (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES milady_knowledge_documents(id) ON DELETE CASCADE,
        agent_id TEXT NOT NULL, chunk_index INTEGER NOT NULL, text TEXT NOT NULL, embedding JSONB NOT NULL);
      INSERT INTO milady_knowledge_documents VALUES ('old', 'agent-1', 'old.txt', 'text/plain', 30, 300, 1);`);
    // 300 rows: more than one conversion page. Vector i points mostly along axis i % 8.
    const vectors = Array.from({ length: 300 }, (_, i) =>
      Array.from({ length: 8 }, (_, d) => (d === i % 8 ? 1 : 0) + ((i * 7 + d * 13) % 10) / 100),
    );
    for (let i = 0; i < vectors.length; i++) {
      await db.query("INSERT INTO milady_knowledge_chunks VALUES ($1, 'old', 'agent-1', $2, $3, $4::jsonb)", [
        `old:${i}`,
        i,
        `old chunk ${i}`,
        JSON.stringify(vectors[i]),
      ]);
    }
    const store = new KnowledgeStore(sql, "agent-1");
    await store.migrate();
    await store.migrate();

    const query = [0.9, 0.1, 0, 0, 0, 0, 0, 0.2];
    const service = new KnowledgeService(store, async () => query);
    const hits = await service.search("anything", 5);
    const expected = vectors
      .map((v, i) => ({ chunkIndex: i, score: cosine(query, v) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 5);
    expect(hits.map((h) => h.chunkIndex)).toEqual(expected.map((e) => e.chunkIndex));
    for (let i = 0; i < hits.length; i++) {
      expect(hits[i].score).toBeCloseTo(expected[i].score, 6);
      expect(hits[i].text).toBe(`old chunk ${hits[i].chunkIndex}`);
      expect(hits[i].filename).toBe("old.txt");
    }
    expect(await columnsOf(db, "milady_knowledge_chunks")).not.toContain("embedding");
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM milady_knowledge_chunks WHERE octet_length(vector) = 32",
    );
    expect(rows[0].n).toBe(300);

    // The converted database takes new uploads, and a fresh start finds both.
    await service.add({ filename: "new.txt", contentType: "text/plain", data: new TextEncoder().encode("fresh") });
    await store.migrate();
    const again = new KnowledgeService(store, async () => query);
    expect((await again.search("anything", 400)).length).toBe(301);
  });
});

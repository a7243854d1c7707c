// The knowledge store's SQL on a real PostgreSQL (Debian 12's postgresql-15 on loopback) through
// a connection pool, where every query may take another connection (as with plugin-sql's pg
// Pool): the bytea vectors, the conversion of the first release's JSONB rows, hit texts by
// (document, chunk), deletes. Bun's own PostgreSQL client: `pg` is not a direct dependency.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { SQL } from "bun";
import { cosine } from "../../src-agent/modules/knowledge/cosine";
import { KnowledgeService } from "../../src-agent/modules/knowledge/knowledge-service";
import { KnowledgeStore } from "../../src-agent/modules/knowledge/knowledge-store";
import type { SqlClient } from "../../src-agent/runtime/sql-client";
import { startPostgres15, type TestPostgres } from "../support/postgres";

let server: TestPostgres;
let db: SQL;
let sql: SqlClient;
beforeAll(async () => {
  server = await startPostgres15();
  db = new SQL({ url: server.url, max: 4 });
  sql = { query: async (text, params) => ({ rows: (await db.unsafe(text, params)) as never[] }) };
}, 120_000);
afterAll(async () => {
  await db?.close();
  await server?.stop();
});

describe("knowledge on PostgreSQL", () => {
  test("old JSONB rows are converted and searched; uploads, a restart and a delete behave as on PGlite", async () => {
    await sql.query(`CREATE TABLE milady_knowledge_documents (
      id TEXT PRIMARY KEY, agent_id TEXT NOT NULL, filename TEXT NOT NULL, content_type TEXT NOT NULL,
      bytes INTEGER NOT NULL, chunks INTEGER NOT NULL, created_at BIGINT NOT NULL)`);
    await sql.query(`CREATE TABLE milady_knowledge_chunks (
      id TEXT PRIMARY KEY, document_id TEXT NOT NULL REFERENCES milady_knowledge_documents(id) ON DELETE CASCADE,
      agent_id TEXT NOT NULL, chunk_index INTEGER NOT NULL, text TEXT NOT NULL, embedding JSONB NOT NULL)`);
    await sql.query("INSERT INTO milady_knowledge_documents VALUES ('old', 'a', 'old.txt', 'text/plain', 1, 3, 1)");
    const old = [
      [1, 0, 0],
      [0, 1, 0],
      [0.5, 0.5, 0],
    ];
    for (const [i, v] of old.entries()) {
      // `::text` first: Bun's client would send a string bound to jsonb as a JSON string.
      await sql.query("INSERT INTO milady_knowledge_chunks VALUES ($1, 'old', 'a', $2, $3, $4::text::jsonb)", [
        `old:${i}`,
        i,
        `old ${i}`,
        JSON.stringify(v),
      ]);
    }
    const store = new KnowledgeStore(sql, "a");
    await store.migrate();
    await store.migrate();

    const query = [1, 0.2, 0];
    const service = new KnowledgeService(store, async () => query, { batchSize: 2 });
    const hits = await service.search("q", 3);
    expect(hits.map((h) => [h.chunkIndex, h.text])).toEqual([
      [0, "old 0"],
      [2, "old 2"],
      [1, "old 1"],
    ]);
    for (const h of hits) expect(h.score).toBeCloseTo(cosine(query, old[h.chunkIndex]), 6);
    const columns = await sql.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_name = $1",
      ["milady_knowledge_chunks"],
    );
    expect(columns.rows.map((r) => r.column_name)).not.toContain("embedding");

    const text = Array.from({ length: 9 }, (_, i) => `Paragraph ${i} ${"word ".repeat(120)}`).join("\n\n");
    const doc = await service.add({
      filename: "new.txt",
      contentType: "text/plain",
      data: new TextEncoder().encode(text),
    });
    expect(doc.chunks).toBe(9);
    const restarted = new KnowledgeService(new KnowledgeStore(sql, "a"), async () => query);
    expect(await restarted.search("q", 50)).toHaveLength(3 + doc.chunks);
    expect(await restarted.delete(doc.id)).toBe(true);
    expect(await restarted.search("q", 50)).toHaveLength(3);

    // Another embedding model (4 dimensions): re-embedding rewrites the bytea vectors in place.
    const wider = [0, 0, 0, 1];
    const switched = new KnowledgeService(new KnowledgeStore(sql, "a"), async (t) =>
      t === "q" ? wider : [0, 0, 1, 0],
    );
    expect(await switched.reembed(false)).toEqual({ documents: 1, chunks: 3, dimension: 4 });
    const sizes = await sql.query<{ n: number }>(
      "SELECT octet_length(vector) AS n FROM milady_knowledge_chunks WHERE agent_id = 'a'",
    );
    expect(sizes.rows.map((r) => Number(r.n))).toEqual([16, 16, 16]);
    expect(await switched.search("q", 5)).toHaveLength(3);
  }, 120_000);
});

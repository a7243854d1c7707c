import { afterAll, describe, expect, test } from "bun:test";
import { PGlite } from "@electric-sql/pglite";
import type { KnowledgeDocument } from "../../../src-shared/protocol";
import type { SqlClient } from "../../runtime/sql-client";
import { KnowledgeStore } from "./knowledge-store";

// Real PGlite in memory: the migration's SQL must run on the engine users have.
const db = new PGlite();
afterAll(() => db.close());
const sql: SqlClient = { query: (text, params) => db.query(text, params) as never };

const doc = (id: string, filename: string): KnowledgeDocument => ({
  id,
  filename,
  contentType: "text/plain",
  bytes: 5,
  chunks: 1,
  createdAt: Date.now(),
});
const chunk = [{ text: "hello", embedding: [1, 0] }];

describe("KnowledgeStore", () => {
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
    await store.insert(doc("d1", "a.txt"), chunk, "hash-a");
    expect((await store.findByHash("hash-a"))?.filename).toBe("a.txt");
    expect(await store.findByHash("hash-b")).toBeUndefined();
    // Another agent in the same database has its own documents.
    expect(await new KnowledgeStore(sql, "agent-2").findByHash("hash-a")).toBeUndefined();
  });

  test("the unique index refuses the same bytes twice even when both uploads passed the lookup", async () => {
    const store = new KnowledgeStore(sql, "agent-1");
    await expect(store.insert(doc("d2", "copy.txt"), chunk, "hash-a")).rejects.toThrow();
    expect((await store.list()).map((d) => d.id).sort()).toEqual(["d1", "old"]);
    expect(await store.delete("d1")).toBe(true);
    await store.insert(doc("d3", "again.txt"), chunk, "hash-a");
    expect((await store.findByHash("hash-a"))?.id).toBe("d3");
  });
});

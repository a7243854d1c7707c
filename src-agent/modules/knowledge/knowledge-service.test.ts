import { afterAll, describe, expect, test } from "bun:test";
import { PGlite } from "@electric-sql/pglite";
import { MiladyError } from "../../../src-shared/protocol";
import type { SqlClient } from "../../runtime/sql-client";
import { chunkText } from "./chunk";
import { cosine } from "./cosine";
import { KnowledgeService } from "./knowledge-service";
import { KnowledgeStore } from "./knowledge-store";

// Real PGlite in memory (behaviour, not timing), one for the file: each test is its own agent.
const db = new PGlite();
afterAll(() => db.close());
let agents = 0;
/** PGlite starts in 1-3 s on a busy machine, and one test stores 2,100 chunks. */
const SLOW = 30_000;

interface TestStore {
  agentId: string;
  sql: SqlClient;
  store: KnowledgeStore;
  /** Every statement the store ran, in order. */
  statements: string[];
  /** This agent's rows in a table. */
  count(table: "milady_knowledge_documents" | "milady_knowledge_chunks"): Promise<number>;
}

async function freshStore(): Promise<TestStore> {
  const agentId = `agent-${++agents}`;
  const statements: string[] = [];
  const sql: SqlClient = {
    query: (text, params) => {
      statements.push(text);
      return db.query(text, params) as never;
    },
  };
  const store = new KnowledgeStore(sql, agentId);
  await store.migrate();
  const count = async (table: string) =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE agent_id = $1`, [agentId])).rows[0].n;
  return { agentId, sql, store, statements, count };
}

/** mulberry32: seeded, so a failing comparison fails the same way every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A document of unique paragraphs of ~650 characters, one chunk each: every chunk text
 * differs, so every chunk gets its own vector.
 */
function documentText(name: string, paragraphs: number): string {
  return Array.from(
    { length: paragraphs },
    (_, p) => `${name} paragraph ${p}. ${`Words about ${name} number ${p} go on. `.repeat(16)}`,
  ).join("\n\n");
}

const file = (filename: string, text: string) => ({
  filename,
  contentType: "text/plain",
  data: new TextEncoder().encode(text),
});

/**
 * An embedding model double: a random vector (seeded) per distinct text, remembered, so
 * the reference can score the very vectors the service stored. Every 13th chunk gets all
 * zeros (cosine 0 with everything); queries never do (all hits would tie).
 */
function randomEmbedder(dimension: number, seed: number) {
  const random = seeded(seed);
  const vectors = new Map<string, number[]>();
  let made = 0;
  const embed = async (text: string) => {
    let v = vectors.get(text);
    if (!v) {
      made++;
      const zero = made % 13 === 0 && !text.startsWith("query");
      v = Array.from({ length: dimension }, () => (zero ? 0 : random() * 2 - 1));
      vectors.set(text, v);
    }
    return v;
  };
  return { embed, vectors };
}

interface ReferenceChunk {
  documentId: string;
  filename: string;
  chunkIndex: number;
  text: string;
  embedding: number[];
}

/** The search as it was before the index: cosine against every chunk, stable sort, top `limit`. */
function referenceSearch(chunks: ReferenceChunk[], query: number[], limit: number) {
  return chunks
    .map((c) => ({
      documentId: c.documentId,
      filename: c.filename,
      chunkIndex: c.chunkIndex,
      text: c.text,
      score: cosine(query, c.embedding),
    }))
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}

describe("batched ingestion", () => {
  test(
    "stores every chunk exactly once, in order, one multi-row INSERT per batch",
    async () => {
      const { store, statements } = await freshStore();
      const text = documentText("alpha", 60);
      const expected = chunkText(text);
      expect(expected.length).toBeGreaterThan(20);
      let collections = 0;
      const service = new KnowledgeService(store, async (t) => [t.length, 1, 0], {
        batchSize: 7,
        collectGarbage: () => collections++,
      });
      const before = statements.length;
      const doc = await service.add(file("alpha.txt", text));

      expect(doc.chunks).toBe(expected.length);
      const { rows } = await db.query<{ chunk_index: number; text: string }>(
        "SELECT chunk_index, text FROM milady_knowledge_chunks WHERE document_id = $1 ORDER BY chunk_index",
        [doc.id],
      );
      expect(rows.map((r) => r.chunk_index)).toEqual(expected.map((_, i) => i));
      expect(rows.map((r) => r.text)).toEqual(expected);
      const inserts = statements.slice(before).filter((s) => s.startsWith("INSERT INTO milady_knowledge_chunks"));
      expect(inserts).toHaveLength(Math.ceil(expected.length / 7));
      expect((await service.list()).map((d) => [d.id, d.chunks])).toEqual([[doc.id, expected.length]]);
      expect(collections).toBe(0); // fewer than 1,024 chunks: no forced collection
    },
    SLOW,
  );

  test(
    "an embedding failure mid-upload leaves no document and no chunks; the same file uploads again",
    async () => {
      const { store, count } = await freshStore();
      const text = documentText("beta", 40);
      let calls = 0;
      let failAfter = 25;
      const service = new KnowledgeService(
        store,
        async () => {
          calls++;
          if (calls > failAfter) throw new Error("the model went away");
          return [1, 0, 0];
        },
        { batchSize: 8 },
      );
      const error = await service.add(file("beta.txt", text)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MiladyError);
      expect((error as MiladyError).code).toBe("model_error");
      expect(calls).toBe(failAfter + 1); // three batches were stored before the failure
      expect(await service.list()).toEqual([]);
      expect(await count("milady_knowledge_chunks")).toBe(0);
      expect(await count("milady_knowledge_documents")).toBe(0);
      expect(await service.hasChunks()).toBe(false);
      expect(await service.search("beta", 5)).toEqual([]);

      failAfter = Number.POSITIVE_INFINITY;
      const doc = await service.add(file("beta.txt", text));
      expect(doc.chunks).toBe(chunkText(text).length);
      expect(await count("milady_knowledge_chunks")).toBe(doc.chunks);
    },
    SLOW,
  );

  test(
    "a storage failure mid-upload leaves nothing either",
    async () => {
      const { store, count } = await freshStore();
      let inserts = 0;
      const insertChunks = store.insertChunks.bind(store);
      store.insertChunks = async (documentId, rows) => {
        if (++inserts === 3) throw new Error("disk trouble");
        return insertChunks(documentId, rows);
      };
      const service = new KnowledgeService(store, async () => [0, 1], { batchSize: 4 });
      await expect(service.add(file("gamma.txt", documentText("gamma", 30)))).rejects.toThrow("disk trouble");
      expect(await count("milady_knowledge_chunks")).toBe(0);
      expect(await count("milady_knowledge_documents")).toBe(0);
    },
    SLOW,
  );

  test(
    "a forced collection runs every 1,024 chunks of a long upload",
    async () => {
      const { store } = await freshStore();
      let collections = 0;
      const service = new KnowledgeService(store, async () => [1, 1], { collectGarbage: () => collections++ });
      // Paragraphs of ~600 characters: one chunk each.
      const text = Array.from({ length: 2100 }, (_, i) => `P${i} ${"filler ".repeat(85)}`).join("\n\n");
      const { chunks } = await service.add(file("long.txt", text));
      expect(chunks).toBeGreaterThanOrEqual(2048);
      expect(collections).toBe(Math.floor(chunks / 1024));
    },
    SLOW,
  );
});

describe("the index gives the brute-force search's hits and scores", () => {
  test(
    "300 random vectors in 6 documents, with deletes and after a reload from the database",
    async () => {
      const { sql, store, agentId } = await freshStore();
      const dimension = 24;
      const model = randomEmbedder(dimension, 42);
      const service = new KnowledgeService(store, model.embed, { batchSize: 16 });
      const reference: ReferenceChunk[] = [];
      for (let d = 0; d < 6; d++) {
        const text = documentText(`doc${d}`, 45 + d * 3);
        const doc = await service.add(file(`doc${d}.txt`, text));
        chunkText(text).forEach((chunk, chunkIndex) => {
          reference.push({
            documentId: doc.id,
            filename: doc.filename,
            chunkIndex,
            text: chunk,
            embedding: model.vectors.get(chunk) as number[],
          });
        });
      }
      expect(reference.length).toBeGreaterThanOrEqual(300);

      const random = seeded(7);
      const queries = Array.from({ length: 25 }, (_, i) => `query ${i}`);
      const compare = async (svc: KnowledgeService, chunks: ReferenceChunk[]) => {
        for (const [i, q] of queries.entries()) {
          const limit = 1 + Math.floor(random() * 20);
          const hits = await svc.search(q, limit);
          const expected = referenceSearch(chunks, (await model.embed(q)) as number[], limit);
          expect(hits.map((h) => [h.documentId, h.chunkIndex, h.filename, h.text])).toEqual(
            expected.map((h) => [h.documentId, h.chunkIndex, h.filename, h.text]),
          );
          // Stored as Float32: the same scores to float precision.
          for (let k = 0; k < hits.length; k++) expect(Math.abs(hits[k].score - expected[k].score)).toBeLessThan(1e-6);
          if (i === 0) expect(hits.length).toBe(Math.min(limit, chunks.length));
        }
      };
      await compare(service, reference);

      const [first, , third] = await service.list().then((docs) => docs.map((d) => d.id).reverse());
      expect(await service.delete(third)).toBe(true);
      expect(await service.delete(first)).toBe(true);
      expect(await service.delete(first)).toBe(false);
      const remaining = reference.filter((c) => c.documentId !== first && c.documentId !== third);
      await compare(service, remaining);

      // A new start reads the same index back from the bytea column.
      const restarted = new KnowledgeService(new KnowledgeStore(sql, agentId), model.embed);
      await compare(restarted, remaining);

      // And an upload after the reload joins it without a reload.
      const text = documentText("late", 20);
      const late = await restarted.add(file("late.txt", text));
      chunkText(text).forEach((chunk, chunkIndex) => {
        remaining.push({
          documentId: late.id,
          filename: late.filename,
          chunkIndex,
          text: chunk,
          embedding: model.vectors.get(chunk) as number[],
        });
      });
      await compare(restarted, remaining);
    },
    SLOW,
  );

  test(
    "add and delete keep the index in step without reloading it",
    async () => {
      const { store, statements } = await freshStore();
      const service = new KnowledgeService(store, async (t) => (t.includes("zebra") ? [1, 0] : [0, 1]));
      expect(await service.hasChunks()).toBe(false);
      const zebra = await service.add(file("z.txt", "All about the zebra."));
      const other = await service.add(file("o.txt", "Something else entirely."));
      expect((await service.search("zebra", 5)).map((h) => [h.filename, h.score])).toEqual([
        ["z.txt", 1],
        ["o.txt", 0],
      ]);
      await service.delete(zebra.id);
      expect((await service.search("zebra", 5)).map((h) => h.filename)).toEqual(["o.txt"]);
      await service.delete(other.id);
      expect(await service.hasChunks()).toBe(false);
      expect(await service.search("zebra", 5)).toEqual([]);
      // Loaded once (the first hasChunks), never again.
      expect(
        statements.filter((s) => s.includes("WHERE agent_id = $1 AND complete ORDER BY created_at, id")),
      ).toHaveLength(1);
    },
    SLOW,
  );
});

describe("another embedding model", () => {
  test(
    "a query of another dimension says to re-embed; with some comparable documents it searches those and warns once",
    async () => {
      const { store } = await freshStore();
      let dimension = 4;
      const warnings: string[] = [];
      const service = new KnowledgeService(
        store,
        async () => Array.from({ length: dimension }, (_, i) => (i === 0 ? 1 : 0)),
        { warn: (m) => warnings.push(m) },
      );
      await service.add(file("old-model.txt", "Written while the old model was set."));

      dimension = 8; // the user switched the embedding model
      const error = await service.search("anything", 3).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MiladyError);
      expect((error as MiladyError).code).toBe("model_error");
      expect((error as MiladyError).message).toContain('"old-model.txt" (4 dimensions)');
      expect((error as MiladyError).message).toContain("the current model gives 8 dimensions");
      expect((error as MiladyError).fix).toContain("Re-embed");

      await service.add(file("new-model.txt", "Written with the new model."));
      for (let i = 0; i < 3; i++) {
        expect((await service.search("anything", 3)).map((h) => h.filename)).toEqual(["new-model.txt"]);
      }
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain("1 with 4 dimensions");
      expect(warnings[0]).not.toContain("old-model.txt"); // no filenames in logs
    },
    SLOW,
  );

  test(
    "re-embedding after a change of size redoes only the other size's chunks; search then finds both, warning nothing",
    async () => {
      const { store } = await freshStore();
      let dimension = 4;
      const warnings: string[] = [];
      const service = new KnowledgeService(
        store,
        async (text) => Array.from({ length: dimension }, (_, i) => (i === text.length % dimension ? 1 : 0.1)),
        { warn: (m) => warnings.push(m) },
      );
      await service.add(file("old-model.txt", documentText("old", 3)));
      dimension = 8;
      await service.add(file("new-model.txt", documentText("new", 2)));
      expect((await service.search("anything", 10)).map((h) => h.filename)).not.toContain("old-model.txt");
      expect(warnings).toHaveLength(1);

      expect(await service.reembed(false)).toEqual({ documents: 1, chunks: 3, dimension: 8 });
      const found = new Set((await service.search("anything", 10)).map((h) => h.filename));
      expect(found).toEqual(new Set(["old-model.txt", "new-model.txt"]));
      expect(warnings).toHaveLength(1);
      expect(await service.reembed(false)).toEqual({ documents: 0, chunks: 0, dimension: 8 });
    },
    SLOW,
  );

  test(
    "a new model of the same size: only re-embedding all makes a chunk's own text find it again",
    async () => {
      const { store } = await freshStore();
      const before = randomEmbedder(16, 1);
      const after = randomEmbedder(16, 2);
      let current = before;
      const service = new KnowledgeService(store, (text) => current.embed(text));
      await service.add(file("same-size.txt", documentText("same", 6)));
      const target = chunkText(documentText("same", 6))[4] as string;
      current = after;
      const top = async () => (await service.search(target, 1))[0];
      // Same length, so nothing tells the old vectors apart; they just do not match.
      expect(await service.reembed(false)).toEqual({ documents: 0, chunks: 0, dimension: 16 });
      expect((await top())?.score ?? 0).toBeLessThan(0.99);

      expect(await service.reembed(true)).toEqual({ documents: 1, chunks: 6, dimension: 16 });
      expect((await top())?.chunkIndex).toBe(4);
      expect((await top())?.score ?? 0).toBeGreaterThan(0.999);
    },
    SLOW,
  );

  test(
    "a model failing part-way keeps the pages done; running it again redoes only the rest",
    async () => {
      const { store } = await freshStore();
      let dimension = 4;
      let calls = 0;
      let failAt = Number.POSITIVE_INFINITY;
      const service = new KnowledgeService(store, async () => {
        if (++calls === failAt) throw new Error("the model crashed");
        return Array.from({ length: dimension }, () => 1);
      });
      await service.add(file("long.txt", documentText("long", 600)));
      dimension = 8;
      calls = 0;
      failAt = 1 + 550; // the probe, then 550 chunks: the first page of 512 is written
      const error = await service.reembed(false).catch((e: unknown) => e);
      expect((error as MiladyError).code).toBe("model_error");
      failAt = Number.POSITIVE_INFINITY;
      expect(await service.reembed(false)).toEqual({ documents: 1, chunks: 600 - 512, dimension: 8 });
      expect((await service.search("anything", 3)).length).toBe(3);
    },
    SLOW,
  );
});

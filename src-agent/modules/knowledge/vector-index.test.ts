import { describe, expect, test } from "bun:test";
import { TopK } from "./top-k";
import { buildBlocks, VectorIndex } from "./vector-index";

describe("TopK", () => {
  test("keeps the k highest, best first; an equal score does not displace an earlier one", () => {
    const top = new TopK<string>(3);
    for (const [score, item] of [
      [0.5, "a"],
      [0.9, "b"],
      [0.5, "c"],
      [0.1, "d"],
      [0.5, "e"],
      [Number.NaN, "nan"],
    ] as const) {
      top.offer(score, item);
    }
    expect(top.results()).toEqual([
      { score: 0.9, item: "b" },
      { score: 0.5, item: "a" },
      { score: 0.5, item: "c" },
    ]);
    expect(new TopK<string>(0).results()).toEqual([]);
  });
});

describe("VectorIndex", () => {
  test("rows are normalised; blocks split where the dimension changes; empty vectors are left out", () => {
    const blocks = buildBlocks([
      { chunkIndex: 0, vector: [3, 4] },
      { chunkIndex: 1, vector: [0, 0] },
      { chunkIndex: 2, vector: [] },
      { chunkIndex: 3, vector: [1, 0, 0] },
    ]);
    expect(blocks.map((b) => [b.dimension, [...b.chunkIndexes]])).toEqual([
      [2, [0, 1]],
      [3, [3]],
    ]);
    expect([...blocks[0].vectors]).toEqual([...Float32Array.from([0.6, 0.8, 0, 0])]);
  });

  test("search compares only rows of the query's dimension and names the other documents; remove drops a document", () => {
    const index = new VectorIndex();
    index.add({ id: "a", filename: "a.txt" }, buildBlocks([{ chunkIndex: 0, vector: [1, 0] }]));
    index.add({ id: "a", filename: "a.txt" }, buildBlocks([{ chunkIndex: 1, vector: [1, 1] }]));
    index.add({ id: "b", filename: "b.txt" }, buildBlocks([{ chunkIndex: 0, vector: [0, 0, 1] }]));
    expect(index.size).toBe(3);
    expect(index.sizeOf(2)).toBe(2);

    const { hits, incomparable } = index.search([2, 0], 5);
    expect(hits.map((h) => [h.documentId, h.chunkIndex])).toEqual([
      ["a", 0],
      ["a", 1],
    ]);
    expect(hits[0].score).toBeCloseTo(1, 6);
    expect(hits[1].score).toBeCloseTo(Math.SQRT1_2, 6);
    expect(incomparable).toEqual([{ dimension: 3, filenames: ["b.txt"] }]);

    index.remove("a");
    expect(index.size).toBe(1);
    expect(index.search([1, 0], 5)).toEqual({ hits: [], incomparable: [{ dimension: 3, filenames: ["b.txt"] }] });
    index.remove("b");
    index.remove("b");
    expect(index.size).toBe(0);
  });
});

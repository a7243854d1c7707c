import { describe, expect, test } from "bun:test";
import { paddedDimension, padEmbedding } from "./embedding-padding";

const cosine = (a: number[], b: number[]) => {
  const dot = a.reduce((s, v, i) => s + v * b[i], 0);
  return dot / Math.sqrt(a.reduce((s, v) => s + v * v, 0) * b.reduce((s, v) => s + v * v, 0));
};

describe("embedding padding", () => {
  test("picks the nearest plugin-sql size at or above", () => {
    expect([1, 64, 384, 385, 768, 1000, 1024, 1536, 2048, 3072].map(paddedDimension)).toEqual([
      384, 384, 384, 512, 768, 1024, 1024, 1536, 3072, 3072,
    ]);
    expect(() => paddedDimension(4096)).toThrow(/3072/);
  });
  test("zero padding keeps cosine similarity", () => {
    const a = [0.3, -0.2, 0.9];
    const b = [0.1, 0.5, -0.4];
    expect(cosine(padEmbedding(a), padEmbedding(b))).toBeCloseTo(cosine(a, b), 12);
    expect(padEmbedding(new Float32Array([1, 2])).slice(0, 3)).toEqual([1, 2, 0]);
  });
});

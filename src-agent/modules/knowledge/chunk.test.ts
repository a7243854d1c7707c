import { describe, expect, test } from "bun:test";
import { chunkText } from "./chunk";
import { cosine } from "./cosine";
import { knowledgeKind } from "./extract";

const sentence = (i: number) => `Sentence number ${i} talks about topic ${i % 7} in some detail.`;

describe("chunkText", () => {
  test("short text is one chunk; empty text is none", () => {
    expect(chunkText("Hello world.")).toEqual(["Hello world."]);
    expect(chunkText("  \n\n ")).toEqual([]);
  });

  test("cuts ~800-char chunks on sentence boundaries with ~100 chars of overlap", () => {
    const text = Array.from({ length: 60 }, (_, i) => sentence(i)).join(" ");
    const chunks = chunkText(text);
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(800);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeGreaterThan(500);
    // Every chunk but the first starts with the tail of the previous one.
    for (let i = 1; i < chunks.length; i++) {
      const head = chunks[i].slice(0, 40);
      expect(chunks[i - 1]).toContain(head);
    }
    // Nothing is lost: every sentence appears in some chunk.
    for (let i = 0; i < 60; i++) expect(chunks.some((c) => c.includes(sentence(i)))).toBe(true);
  });

  test("prefers paragraph boundaries", () => {
    const para = (n: number) => Array.from({ length: 5 }, (_, i) => sentence(n * 10 + i)).join(" ");
    const chunks = chunkText([para(1), para(2), para(3)].join("\n\n"), { size: 400, overlap: 50 });
    expect(chunks[0].endsWith("detail.")).toBe(true);
    expect(chunks.some((c) => c.startsWith(sentence(10)))).toBe(true);
  });

  test("hard-cuts a word longer than a chunk", () => {
    const chunks = chunkText("x".repeat(2000), { size: 800, overlap: 100 });
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(800);
  });
});

describe("cosine and kinds", () => {
  test("cosine", () => {
    expect(cosine([1, 0], [1, 0])).toBeCloseTo(1);
    expect(cosine([1, 0], [0, 1])).toBeCloseTo(0);
    expect(cosine([1, 0], [-1, 0])).toBeCloseTo(-1);
    expect(cosine([0, 0], [1, 0])).toBe(0);
    expect(cosine([1], [1, 2])).toBe(0);
  });

  test("knowledgeKind accepts txt/md/pdf and rejects the rest with a fix", () => {
    expect(knowledgeKind("a.txt", "")).toBe("text");
    expect(knowledgeKind("a.MD", "application/octet-stream")).toBe("text");
    expect(knowledgeKind("doc", "application/pdf")).toBe("pdf");
    expect(() => knowledgeKind("a.docx", "application/vnd.openxmlformats")).toThrow(/cannot be added/);
  });
});

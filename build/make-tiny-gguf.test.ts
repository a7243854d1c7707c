import { afterAll, describe, expect, test } from "bun:test";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getLlama, LlamaCompletion } from "node-llama-cpp";
import { readGgufHeader } from "../src-shared/gguf";
import { buildTinyGguf, GGUF_SIZES, parameterCount, writeTinyGguf } from "./make-tiny-gguf";

const dir = await mkdtemp(join(tmpdir(), "milady-tiny-gguf-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("make-tiny-gguf", () => {
  test("is deterministic for a seed and differs across seeds", () => {
    const a = buildTinyGguf({ seed: 7 });
    const b = buildTinyGguf({ seed: 7 });
    const c = buildTinyGguf({ seed: 8 });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
    expect(a.byteLength).toBeLessThan(1_000_000);
    expect(readGgufHeader(a)).toEqual({ version: 3, tensorCount: 21n, kvCount: 19n });
  });

  test("node-llama-cpp loads it, generates ASCII text and embeds", async () => {
    const path = join(dir, "tiny.gguf");
    await writeTinyGguf(path, { seed: 1, chatTemplate: "chatml" });
    expect(readGgufHeader(new Uint8Array(await readFile(path)))?.kvCount).toBe(20n);
    const llama = await getLlama({ gpu: false, build: "never", logLevel: "error" as never });
    const model = await llama.loadModel({ modelPath: path });
    try {
      expect(String(model.fileInfo.metadata.general.architecture)).toBe("llama");
      const context = await model.createContext({ contextSize: 512, threads: 1 });
      const completion = new LlamaCompletion({ contextSequence: context.getSequence() });
      const text = await completion.generateCompletion("hello the", { maxTokens: 60, temperature: 0.8, seed: 3 });
      expect(text.length).toBeGreaterThan(0);
      expect(text).toMatch(/^[\t\n\x20-\x7e]*$/);
      await context.dispose();
      const embedding = await model.createEmbeddingContext({ contextSize: 512, threads: 1 });
      const vector = (await embedding.getEmbeddingFor("hello")).vector;
      expect(vector.length).toBe(64);
      expect(vector.some((v) => v !== 0)).toBe(true);
      await embedding.dispose();
    } finally {
      await model.dispose();
    }
  });

  test("--size medium: tens of millions of parameters and a context node-llama-cpp opens at 4k", async () => {
    const path = join(dir, "medium.gguf");
    await writeTinyGguf(path, { seed: 2, size: "medium" });
    const bytes = new Uint8Array(await readFile(path));
    expect(readGgufHeader(bytes)).toEqual({ version: 3, tensorCount: 3n + 9n * 4n, kvCount: 19n });
    const llama = await getLlama({ gpu: false, build: "never", logLevel: "error" as never });
    const model = await llama.loadModel({ modelPath: path });
    try {
      const meta = model.fileInfo.metadata as unknown as { llama: Record<string, number> };
      expect(meta.llama.embedding_length).toBe(GGUF_SIZES.medium.dim);
      expect(meta.llama.block_count).toBe(GGUF_SIZES.medium.layers);
      expect(model.trainContextSize).toBe(GGUF_SIZES.medium.context);
      const params = parameterCount(GGUF_SIZES.medium, meta.llama.vocab_size);
      expect(params).toBeGreaterThan(20_000_000);
      // Every weight is an F32 in the file: the count matches the bytes.
      expect(bytes.byteLength / 4).toBeGreaterThan(params);
      expect(bytes.byteLength / 4).toBeLessThan(params * 1.01);
      const context = await model.createContext({ contextSize: 4096, threads: 1 });
      expect(context.contextSize).toBe(4096);
      const completion = new LlamaCompletion({ contextSequence: context.getSequence() });
      expect(
        (await completion.generateCompletion("hello the message", { maxTokens: 4, seed: 1 })).length,
      ).toBeGreaterThan(0);
      await context.dispose();
    } finally {
      await model.dispose();
    }
  });
});

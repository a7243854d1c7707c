import { afterAll, describe, expect, test } from "bun:test";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getLlama, LlamaCompletion } from "node-llama-cpp";
import { readGgufHeader } from "../src-shared/gguf";
import { buildTinyGguf, writeTinyGguf } from "./make-tiny-gguf";

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
});

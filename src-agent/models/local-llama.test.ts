import { afterAll, describe, expect, test } from "bun:test";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { until } from "../../test/support/until";
import { LocalLlama, type LocalLlamaOptions } from "./local-llama";
import { makeTestModel } from "./test-model";

const fixture = await makeTestModel(1);
afterAll(() => fixture.cleanup());

function make(overrides: Partial<LocalLlamaOptions> = {}): LocalLlama {
  return new LocalLlama({
    modelPath: fixture.path,
    threads: 1,
    contextSize: 512,
    maxTokens: 300,
    idleUnloadSeconds: 0,
    temperature: 0.8,
    ...overrides,
  });
}

const AGENT_RESPONSE =
  /^<response><thought>[^<]*<\/thought><actions>[A-Z_]+(,[A-Z_]+)*<\/actions><providers>([A-Z_]+(,[A-Z_]+)*)?<\/providers><text>[^<]+<\/text><\/response>$/;

describe("LocalLlama", () => {
  test("generates text lazily, streams tokens, and reports loading", async () => {
    const changes: boolean[] = [];
    const llm = make({ onLoadedChange: (l) => changes.push(l) });
    expect(llm.isLoaded()).toBe(false);
    const deltas: string[] = [];
    const text = await llm.generate({
      prompt: "hello",
      system: "be nice",
      maxTokens: 30,
      onToken: (d) => deltas.push(d),
    });
    expect(text.length).toBeGreaterThan(0);
    expect(deltas.join("")).toBe(text);
    expect(llm.isLoaded()).toBe(true);
    await llm.dispose();
    expect(changes).toEqual([true, false]);
    await expect(llm.generate({ prompt: "x" })).rejects.toThrow(/shut down/);
  }, 60_000); // a hang bound: first load of the llama.cpp binding, ~0.5 s idle, ~4 s under load

  test("agent-response format: 20 generations are all well-formed, including with a small maxTokens", async () => {
    const llm = make();
    try {
      const outputs = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          llm.generate({
            prompt: `message ${i}`,
            format: "agent-response",
            maxTokens: i % 2 ? 260 : 120,
            temperature: 1,
          }),
        ),
      );
      for (const out of outputs) expect(out).toMatch(AGENT_RESPONSE);
    } finally {
      await llm.dispose();
    }
  }, 120_000); // a hang bound: ~6,000 grammar-constrained tokens, ~4 s idle, 18 s measured at load 11 on 2 cores

  test("with the runtime's vocabulary, actions start with REPLY and name only real actions and providers", async () => {
    const llm = make();
    const vocabulary = { actions: ["REPLY", "IGNORE", "PLAY_EMOTE", "FOLLOW_ROOM"], providers: ["KNOWLEDGE", "TIME"] };
    try {
      for (let i = 0; i < 6; i++) {
        const out = await llm.generate({
          prompt: `hello ${i}`,
          format: "agent-response",
          maxTokens: 120,
          temperature: 1,
          vocabulary,
        });
        expect(out).toMatch(AGENT_RESPONSE);
        const actions = out.match(/<actions>(.*?)<\/actions>/)![1].split(",");
        expect(actions[0]).toBe("REPLY");
        for (const action of actions.slice(1)) expect(["PLAY_EMOTE", "FOLLOW_ROOM"]).toContain(action);
        const providers = out.match(/<providers>(.*?)<\/providers>/)![1];
        for (const provider of providers ? providers.split(",") : []) expect(["KNOWLEDGE", "TIME"]).toContain(provider);
      }
    } finally {
      await llm.dispose();
    }
  }, 60_000);

  test("embeddings are zero-padded to 384 (tiny model has 64 dims)", async () => {
    const llm = make();
    try {
      expect(await llm.embeddingDimension()).toBe(384);
      const [a, b] = await Promise.all([llm.embed("hello world"), llm.embed("hello world")]);
      expect(a.length).toBe(384);
      expect(a).toEqual(b);
      expect(a.slice(0, 64).some((v) => v !== 0)).toBe(true);
      expect(a.slice(64).every((v) => v === 0)).toBe(true);
      // Longer than the 512-token context: embedded from its head, not an error.
      expect((await llm.embed("word ".repeat(2000))).length).toBe(384);
      expect(await llm.embed("")).toEqual(new Array(384).fill(0));
    } finally {
      await llm.dispose();
    }
  });

  test("a separate embedding model file is used when given", async () => {
    const llm = make({ embeddingModelPath: (await makeTestModel(2)).path });
    const same = make();
    try {
      expect(await llm.embed("hi")).not.toEqual(await same.embed("hi"));
    } finally {
      await Promise.all([llm.dispose(), same.dispose()]);
    }
  });

  test("unloads after idle and reloads transparently", async () => {
    const changes: boolean[] = [];
    const llm = make({ idleUnloadSeconds: 0.2, onLoadedChange: (l) => changes.push(l) });
    try {
      await llm.generate({ prompt: "a", maxTokens: 5 });
      expect(llm.isLoaded()).toBe(true);
      // The unload disposes the native context and model first: on a loaded machine that outlasts any fixed sleep.
      await until(() => !llm.isLoaded(), 30_000, "the idle unload");
      await llm.embed("b");
      expect(llm.isLoaded()).toBe(true);
      expect(changes).toEqual([true, false, true]);
    } finally {
      await llm.dispose();
    }
  });

  test("a missing or non-GGUF file gives a clear error", async () => {
    const missing = make({ modelPath: join(fixture.dir, "nope.gguf") });
    await expect(missing.generate({ prompt: "x" })).rejects.toThrow(
      /model file .*nope\.gguf cannot be opened \(no such file\)/,
    );
    const html = join(fixture.dir, "page.gguf");
    await writeFile(html, "<!DOCTYPE html><html>404</html>");
    const bad = make({ modelPath: html });
    await expect(bad.embed("x")).rejects.toThrow(/model file .*page\.gguf is not a GGUF file/);
    expect(bad.isLoaded()).toBe(false);
    expect(() => make({ threads: 0 })).toThrow(/threads/);
  });
});

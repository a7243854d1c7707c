import { afterAll, describe, expect, test } from "bun:test";
import { type IAgentRuntime, ModelType, messageHandlerTemplate, parseKeyValueXml } from "@elizaos/core";
import { LocalLlama } from "./local-llama";
import { createLocalModelPlugin, embeddingInput } from "./local-plugin";
import { replyStream } from "./stream-context";
import { makeTestModel } from "./test-model";
import { meterUsage } from "./usage-meter";

const fixture = await makeTestModel(3);
const llama = new LocalLlama({
  modelPath: fixture.path,
  threads: 1,
  contextSize: 512,
  maxTokens: 256,
  idleUnloadSeconds: 0,
  temperature: 0.8,
});
afterAll(async () => {
  await llama.dispose();
  await fixture.cleanup();
});
const plugin = createLocalModelPlugin(llama);
const runtime = {} as IAgentRuntime; // handlers never touch the runtime
// biome-ignore lint/suspicious/noExplicitAny: handler map is keyed by string model types
const models = plugin.models as Record<string, (rt: IAgentRuntime, params: any) => Promise<any>>;

/** The real bootstrap prompt, trimmed: the tiny model has a 512-token context. */
const BOOTSTRAP_PROMPT = messageHandlerTemplate
  .replace(/<instructions>[\s\S]*<\/instructions>/, "")
  .replace(/<keys>[\s\S]*<\/keys>/, "")
  .replaceAll("{{agentName}}", "Milady")
  .replace("{{providers}}", "user: hi");

describe("createLocalModelPlugin", () => {
  test("is named and registers the model types", () => {
    expect(plugin.name).toBe("milady-local-llama");
    expect(Object.keys(plugin.models ?? {}).sort()).toEqual(
      [
        ModelType.TEXT_SMALL,
        ModelType.TEXT_LARGE,
        ModelType.TEXT_EMBEDDING,
        ModelType.OBJECT_SMALL,
        ModelType.OBJECT_LARGE,
      ].sort(),
    );
  });

  test("TEXT_LARGE on the bootstrap prompt answers parseable XML and streams its <text>", async () => {
    expect(BOOTSTRAP_PROMPT).toContain("<response>");
    for (let i = 0; i < 3; i++) {
      const deltas: string[] = [];
      const raw: string = await replyStream.run({ onTextDelta: (d) => deltas.push(d) }, () =>
        models[ModelType.TEXT_LARGE](runtime, { prompt: BOOTSTRAP_PROMPT, temperature: 1 }),
      );
      const parsed = parseKeyValueXml(raw) as Record<string, unknown>;
      expect(typeof parsed.thought).toBe("string");
      expect(String(parsed.actions).length).toBeGreaterThan(0);
      expect(deltas.length).toBeGreaterThan(0);
      expect(deltas.join("")).toBe(
        raw
          .slice(raw.indexOf("<text>") + 6, raw.indexOf("</text>"))
          .replace(/&amp;/g, "&")
          .replace(/&lt;/g, "<")
          .replace(/&gt;/g, ">")
          .replace(/&quot;/g, '"')
          .replace(/&apos;/g, "'"),
      );
    }
  }, 60_000); // a hang bound: 3 grammar runs, ~1 s idle, 3 s measured under load

  test("the agent's calls have an empty system message, never node-llama-cpp's generic one", async () => {
    const seen: (string | undefined)[] = [];
    const recording = createLocalModelPlugin({
      generate: async (request: { system?: string }) => {
        seen.push(request.system);
        return "ok";
      },
    } as unknown as LocalLlama);
    const text = recording.models?.[ModelType.TEXT_SMALL] as (rt: IAgentRuntime, p: object) => Promise<string>;
    // The character's system prompt is in the prompt itself (bootstrap's CHARACTER), not sent twice.
    await text({ character: { system: "You are Ada, a lighthouse keeper." } } as IAgentRuntime, { prompt: "hi" });
    // undefined would make node-llama-cpp put its "helpful, respectful and honest assistant" first.
    expect(seen).toEqual([""]);
  });

  test("TEXT_SMALL on another prompt is plain text and does not stream into the reply", async () => {
    const deltas: string[] = [];
    const out: string = await replyStream.run({ onTextDelta: (d) => deltas.push(d) }, () =>
      models[ModelType.TEXT_SMALL](runtime, { prompt: "Summarise: hello", maxTokens: 20 }),
    );
    expect(typeof out).toBe("string");
    expect(deltas).toEqual([]);
  });

  test("a plain completion (the OpenAI API) streams as elizaOS's textStream and reports real token counts", async () => {
    const plain = await meterUsage(
      "completion",
      () => models[ModelType.TEXT_LARGE](runtime, { prompt: "User: hello\nAssistant:", maxTokens: 12, temperature: 0 }),
      () => ({ prompt: "", completion: "" }),
    );
    expect(typeof plain.result).toBe("string");
    expect(plain.usage.reported).toBe(true);
    expect(plain.usage.promptTokens).toBeGreaterThan(3);
    expect(plain.usage.completionTokens).toBeGreaterThan(0);
    expect(plain.usage.completionTokens).toBeLessThanOrEqual(12);

    const streamed = await meterUsage(
      "completion",
      async () => {
        const out = await models[ModelType.TEXT_LARGE](runtime, {
          prompt: "User: hello\nAssistant:",
          maxTokens: 12,
          temperature: 0, // greedy: the same tokens every run
          stream: true,
        });
        const chunks: string[] = [];
        for await (const chunk of out.textStream) chunks.push(chunk);
        return { chunks, text: await out.text };
      },
      () => ({ prompt: "", completion: "" }),
    );
    expect(streamed.result.chunks.length).toBeGreaterThan(0);
    expect(streamed.result.chunks.join("")).toBe(streamed.result.text);
    expect(streamed.usage.reported).toBe(true);
  });

  test("TEXT_EMBEDDING: probes give a zero vector of the padded size, text gives a real one", async () => {
    const probeNull: number[] = await models[ModelType.TEXT_EMBEDDING](runtime, null);
    const probeEmpty: number[] = await models[ModelType.TEXT_EMBEDDING](runtime, { text: "" });
    expect(probeNull.length).toBe(384);
    expect(probeEmpty).toEqual(probeNull);
    expect(probeNull.every((v) => v === 0)).toBe(true);
    const real: number[] = await models[ModelType.TEXT_EMBEDDING](runtime, { text: "hello" });
    expect(real.length).toBe(384);
    expect(real.some((v) => v !== 0)).toBe(true);
    expect(await models[ModelType.TEXT_EMBEDDING](runtime, "hello")).toEqual(real);
    expect(embeddingInput("  ")).toBeNull();
  });

  test("OBJECT_SMALL follows a bounded JSON schema", async () => {
    const value = await models[ModelType.OBJECT_SMALL](runtime, {
      prompt: "Pick a mood",
      schema: {
        type: "object",
        properties: { mood: { enum: ["happy", "sad"] }, ok: { type: "boolean" } },
        required: ["mood", "ok"],
      },
    });
    expect(["happy", "sad"]).toContain(value.mood);
    expect(typeof value.ok).toBe("boolean");
  });
});

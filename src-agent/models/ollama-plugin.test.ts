import { afterAll, describe, expect, test } from "bun:test";
import { type IAgentRuntime, ModelType } from "@elizaos/core";
import { createOllamaPlugin } from "./ollama-plugin";
import { replyStream } from "./stream-context";

/** FakeOllamaServer (test double): speaks /api/generate (NDJSON stream) and /api/embed like Ollama 0.x. */
const requests: Array<{ path: string; body: Record<string, unknown> }> = [];
const REPLY = [
  "<response><thought>greet</thought>",
  "<actions>REPLY</actions><providers></providers><te",
  "xt>Hi &amp; wel",
  "come!</text></response>",
];
const fake = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  async fetch(req) {
    const path = new URL(req.url).pathname;
    const body = (await req.json()) as Record<string, unknown>;
    requests.push({ path, body });
    if (body.model === "missing")
      return new Response(JSON.stringify({ error: "model 'missing' not found" }), { status: 404 });
    if (path === "/api/embed") return Response.json({ model: body.model, embeddings: [[0.1, 0.2, 0.3]] });
    if (path !== "/api/generate") return new Response("not found", { status: 404 });
    const parts = body.format
      ? ['{"mood":', '"happy"}']
      : String(body.prompt).includes("<response>")
        ? REPLY
        : ["plain ", "answer"];
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        const enc = new TextEncoder();
        for (const part of parts) {
          // Split lines across chunks on purpose: NDJSON parsing must buffer.
          const line = `${JSON.stringify({ model: body.model, response: part, done: false })}\n`;
          controller.enqueue(enc.encode(line.slice(0, 10)));
          await Bun.sleep(1);
          controller.enqueue(enc.encode(line.slice(10)));
        }
        controller.enqueue(enc.encode(`${JSON.stringify({ response: "", done: true })}\n`));
        controller.close();
      },
    });
    return new Response(stream, { headers: { "content-type": "application/x-ndjson" } });
  },
});
afterAll(() => fake.stop(true));
const endpoint = `http://127.0.0.1:${fake.port}/`;
const runtime = {} as IAgentRuntime;
// biome-ignore lint/suspicious/noExplicitAny: handler map is keyed by string model types
type Handler = (rt: IAgentRuntime, params: any) => Promise<any>;
const models = (p: ReturnType<typeof createOllamaPlugin>) => p.models as Record<string, Handler>;

describe("createOllamaPlugin (against FakeOllamaServer)", () => {
  const plugin = createOllamaPlugin({ endpoint, model: "qwen3:0.6b", embeddingModel: "all-minilm" });

  test("agent reply: returns the full XML and streams only the <text>", async () => {
    const deltas: string[] = [];
    const raw = await replyStream.run({ onTextDelta: (d) => deltas.push(d) }, () =>
      models(plugin)[ModelType.TEXT_LARGE](runtime, {
        prompt: "Respond with <response><actions><text>",
        temperature: 0.3,
        maxTokens: 99,
      }),
    );
    expect(raw).toBe(REPLY.join(""));
    expect(deltas.join("")).toBe("Hi & welcome!");
    expect(deltas.length).toBeGreaterThan(1);
    const sent = requests.at(-1);
    expect(sent?.path).toBe("/api/generate");
    expect(sent?.body).toMatchObject({
      model: "qwen3:0.6b",
      stream: true,
      options: { temperature: 0.3, num_predict: 99 },
    });
  });

  test("other prompts are plain text and not streamed to the reply", async () => {
    const deltas: string[] = [];
    const out = await replyStream.run({ onTextDelta: (d) => deltas.push(d) }, () =>
      models(plugin)[ModelType.TEXT_SMALL](runtime, { prompt: "summarise" }),
    );
    expect(out).toBe("plain answer");
    expect(deltas).toEqual([]);
  });

  test("embeddings are padded; probes return zeros of the padded size", async () => {
    const vector: number[] = await models(plugin)[ModelType.TEXT_EMBEDDING](runtime, { text: "hi" });
    expect(vector.length).toBe(384);
    expect(vector.slice(0, 3)).toEqual([0.1, 0.2, 0.3]);
    expect(requests.at(-1)?.body).toEqual({ model: "all-minilm", input: "hi" });
    const probe: number[] = await models(plugin)[ModelType.TEXT_EMBEDDING](runtime, null);
    expect(probe.length).toBe(384);
    expect(probe.every((v) => v === 0)).toBe(true);
  });

  test("objects use Ollama's format field", async () => {
    const value = await models(plugin)[ModelType.OBJECT_SMALL](runtime, {
      prompt: "mood?",
      schema: { type: "object" },
    });
    expect(value).toEqual({ mood: "happy" });
    expect(requests.at(-1)?.body.format).toEqual({ type: "object" });
  });

  test("a missing model says how to pull it", async () => {
    const p = createOllamaPlugin({ endpoint, model: "missing" });
    await expect(models(p)[ModelType.TEXT_LARGE](runtime, { prompt: "x" })).rejects.toThrow(/ollama pull missing/);
  });

  test("an unreachable Ollama says to start it", async () => {
    const closed = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
    const url = `http://127.0.0.1:${closed.port}`;
    closed.stop(true);
    const p = createOllamaPlugin({ endpoint: url });
    await expect(models(p)[ModelType.TEXT_LARGE](runtime, { prompt: "x" })).rejects.toThrow(
      `Ollama is not reachable at ${url}: start it with \`ollama serve\` or fix OLLAMA_API_ENDPOINT`,
    );
  });
});

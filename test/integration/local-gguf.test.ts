// The real local-model path end to end: a tiny GGUF made by build/make-tiny-gguf.ts,
// loaded by node-llama-cpp in the agent worker, answering through the
// grammar-constrained response format, streamed over SSE.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import OpenAI from "openai";
import { writeTinyGguf } from "../../build/make-tiny-gguf";
import { type MiladyProcess, postJson, readSse, removeDir, startMilady, tempStateDir } from "../support/milady-process";

let milady: MiladyProcess;

beforeAll(async () => {
  const stateDir = tempStateDir("milady-gguf-");
  const model = join(stateDir, "tiny.gguf");
  await writeTinyGguf(model, { seed: 7 });
  milady = await startMilady({ stateDir, scripted: false, args: ["--model", model], env: { MILADY_THREADS: "1" } });
});
afterAll(async () => {
  await milady.stop();
  removeDir(milady.stateDir);
});

describe("local GGUF through node-llama-cpp", () => {
  test("status names the local model and the agent can reply", async () => {
    const status = await milady.json("/api/status");
    expect(status.model.provider).toBe("local");
    expect(status.model.name).toContain("tiny.gguf");
    expect(status.canReply).toBe(true);
  });

  test("a chat turn produces a persisted reply streamed token by token", async () => {
    const { conversation } = await milady.json("/api/conversations", postJson({}));
    const res = await milady.api(
      `/api/conversations/${conversation.id}/messages`,
      postJson({ text: "hello tiny model" }, { accept: "text/event-stream" }),
    );
    const events = await readSse(res);
    const done = events.find((e) => e.type === "done");
    expect(events.find((e) => e.type === "error")).toBeUndefined();
    expect(done).toBeDefined();
    expect(typeof done.reply.text).toBe("string");
    expect(done.reply.text.length).toBeGreaterThan(0);
    // Random weights say nonsense, but the grammar keeps the XML wrapper out of the text.
    expect(done.reply.text).not.toContain("<response>");
    expect(done.reply.text).not.toContain("</text>");
    const tokens = events
      .filter((e) => e.type === "token")
      .map((e) => e.delta)
      .join("");
    expect(tokens.trim()).toBe(done.reply.text.trim());
    const { messages } = await milady.json(`/api/conversations/${conversation.id}/messages`);
    expect(messages.map((m: any) => m.role)).toEqual(["user", "agent"]);
  });

  test("the OpenAI API: the GGUF is a model for plain completions, with node-llama-cpp's own token counts", async () => {
    const client = new OpenAI({ baseURL: `${milady.url}/v1`, apiKey: "unused-on-loopback", maxRetries: 0 });
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toContain("tiny.gguf");
    const raw = await client.chat.completions
      .create({ model: "tiny.gguf", max_tokens: 8, temperature: 0, messages: [{ role: "user", content: "hello" }] })
      .withResponse();
    expect(raw.response.headers.get("x-milady-usage")).toBe("reported");
    const usage = raw.data.usage!;
    expect(usage.prompt_tokens).toBeGreaterThan(2);
    expect(usage.completion_tokens).toBeGreaterThan(0);
    expect(usage.completion_tokens).toBeLessThanOrEqual(8);
    const stream = await client.chat.completions.create({
      model: "tiny.gguf",
      max_tokens: 8,
      temperature: 0,
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "hello" }],
    });
    let text = "";
    let last: any;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      last = chunk;
    }
    // Greedy decoding: the stream says what the plain answer said.
    expect(text).toBe(raw.data.choices[0].message.content ?? "");
    expect(last.usage.completion_tokens).toBe(usage.completion_tokens);
  });
});

// The real local-model path end to end: a tiny GGUF made by build/make-tiny-gguf.ts,
// loaded by node-llama-cpp in the agent worker, answering through the
// grammar-constrained response format, streamed over SSE.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
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
});

// /v1 on the real server with strict contracts (an event or body off its schema is dropped or a
// 500, so these tests see it) and the FakeAgentController (a test double: "You said: <text>").
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  chatCompletionChunkSchema,
  chatCompletionSchema,
  MiladyError,
  openAiErrorSchema,
  responseStreamEventSchema,
} from "../../src-shared/protocol";
import { startTestServer, type TestServer } from "./testing/test-server";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const post = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

/** The SSE blocks of a whole stream: their `event:` name (if any) and raw `data:`. */
async function sseBlocks(response: Response): Promise<{ event?: string; data: string }[]> {
  const text = await response.text();
  return text
    .split("\n\n")
    .filter((block) => block.includes("data: "))
    .map((block) => {
      const lines = block.split("\n");
      const event = lines.find((l) => l.startsWith("event: "))?.slice(7);
      return { event, data: lines.find((l) => l.startsWith("data: "))!.slice(6) };
    });
}

describe("/v1 against strict contracts", () => {
  test("a chat completion as the agent goes to the user's conversation through openFor and send", async () => {
    const res = await t.api(
      "/v1/chat/completions",
      post({ model: "milady", user: "zoe", messages: [{ role: "user", content: "hi" }] }),
    );
    expect(res.status).toBe(200);
    const body = chatCompletionSchema.parse(await res.json());
    expect(body.choices[0].message.content).toBe("You said: hi");
    const openFor = t.agent.calls.find((c) => c.method === "conversations.openFor");
    expect(openFor?.params).toEqual({ key: "openai:user:zoe", title: "OpenAI: zoe" });
    const send = t.agent.calls.findLast((c) => c.method === "conversations.send");
    expect(send?.params).toMatchObject({ text: "hi", withUsage: true, sender: { kind: "owner" } });
    expect(res.headers.get("x-milady-conversation")).toBe((send!.params as { conversationId: string }).conversationId);
    // The fake agent reports no usage: main estimates it and says so.
    expect(res.headers.get("x-milady-usage")).toBe("estimated");
    expect(body.usage).toEqual({ prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 });
  });

  test("a chat stream: every chunk matches the schema, usage last, then [DONE]", async () => {
    const res = await t.api(
      "/v1/chat/completions",
      post({
        model: "milady",
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: "user", content: "stream it" }],
      }),
    );
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const blocks = await sseBlocks(res);
    expect(blocks.at(-1)?.data).toBe("[DONE]");
    const chunks = blocks.slice(0, -1).map((b) => chatCompletionChunkSchema.parse(JSON.parse(b.data)));
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe("You said: stream it");
    expect(chunks[0].choices[0].delta.role).toBe("assistant");
    expect(chunks.at(-2)?.choices[0].finish_reason).toBe("stop");
    expect(chunks.at(-1)?.usage?.total_tokens).toBeGreaterThan(0);
  });

  test("a Responses stream: named events in order, each matching the schema", async () => {
    const res = await t.api(
      "/v1/responses",
      post({ model: "scripted-test-model", stream: true, input: "plain words" }),
    );
    const blocks = await sseBlocks(res);
    const events = blocks.map((b) => responseStreamEventSchema.parse(JSON.parse(b.data)));
    expect(blocks.map((b) => b.event)).toEqual(events.map((e) => e.type));
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events[0].type).toBe("response.created");
    expect(events.at(-1)?.type).toBe("response.completed");
    const text = events.flatMap((e) => (e.type === "response.output_text.delta" ? [e.delta] : [])).join("");
    expect(text).toBe("Plain: plain words");
  });

  test("a failure after the stream opened is an OpenAI error line, not [DONE]", async () => {
    t.agent.failNext = new MiladyError("model_error", "the model failed to reply: boom", "Try again.");
    const res = await t.api(
      "/v1/chat/completions",
      post({ model: "scripted-test-model", stream: true, messages: [{ role: "user", content: "x" }] }),
    );
    const blocks = await sseBlocks(res);
    expect(blocks.some((b) => b.data === "[DONE]")).toBe(false);
    const error = openAiErrorSchema.parse(JSON.parse(blocks.at(-1)!.data));
    expect(error.error).toMatchObject({ type: "server_error", code: "model_error" });
    expect(error.error.message).toContain("Try again");
  });

  test("errors before an answer: OpenAI's shape and status, also for the token and 405", async () => {
    const cases: Array<[RequestInit & { auth?: boolean }, string, number, string]> = [
      [{ ...post({ model: "m", messages: [] }), auth: false }, "/v1/chat/completions", 401, "invalid_api_key"],
      [
        post({ model: "nope", messages: [{ role: "user", content: "x" }] }),
        "/v1/chat/completions",
        404,
        "model_not_found",
      ],
      [post({ model: "milady", input: "" }), "/v1/responses", 400, "validation_failed"],
      [{ method: "DELETE" }, "/v1/models", 405, "method_not_allowed"],
    ];
    for (const [init, path, status, code] of cases) {
      const res = await t.api(path, init);
      expect([path, res.status]).toEqual([path, status]);
      expect(openAiErrorSchema.parse(await res.json()).error.code).toBe(code);
    }
  });

  test("a stopped agent: 503 with what to do, before any stream opens", async () => {
    t.agent.setState("stopped");
    try {
      const res = await t.api(
        "/v1/chat/completions",
        post({ model: "scripted-test-model", stream: true, messages: [{ role: "user", content: "x" }] }),
      );
      expect(res.status).toBe(503);
      const { error } = openAiErrorSchema.parse(await res.json());
      expect(error.code).toBe("agent_not_running");
      expect(error.message).toContain("Start the agent");
    } finally {
      t.agent.setState("running");
    }
  });
});

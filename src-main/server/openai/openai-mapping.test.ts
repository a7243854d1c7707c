import { describe, expect, test } from "bun:test";
import { chatCompletionRequestSchema, responseRequestSchema } from "../../../src-shared/protocol";
import { describeZodError } from "../body";
import { OpenAiError, openAiBodyFor, paramOf } from "./errors";
import { activeModelId, listModels, type ModelSources, resolveModel } from "./models";
import { fromChatCompletion, fromResponseRequest } from "./request";
import { conversationKeyOf, remainderOf } from "./turn";

const chat = (body: unknown) => fromChatCompletion(chatCompletionRequestSchema.parse(body));

function thrown(fn: () => unknown): OpenAiError {
  try {
    fn();
  } catch (error) {
    if (error instanceof OpenAiError) return error;
    throw error;
  }
  throw new Error("expected an OpenAiError");
}

describe("chat completion requests", () => {
  test("the last user message is the turn; every message is kept for a plain completion", () => {
    const turn = chat({
      model: "milady",
      user: " alice ",
      messages: [
        { role: "developer", content: "be kind" },
        {
          role: "user",
          content: [
            { type: "text", text: "hello " },
            { type: "text", text: "there" },
          ],
        },
        { role: "assistant", content: "hi" },
        { role: "user", content: "  and now?  " },
      ],
      max_tokens: 10,
      max_completion_tokens: 20,
      temperature: 0.2,
      stop: "END",
      top_p: 0.9,
    });
    expect(turn.newText).toBe("and now?");
    expect(turn.messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(turn.messages[1].content).toBe("hello there");
    // max_completion_tokens is the newer name and wins.
    expect(turn.maxTokens).toBe(20);
    expect(turn.temperature).toBe(0.2);
    expect(turn.stop).toEqual(["END"]);
    expect(turn.user).toBe("alice");
    expect(turn.stream).toBe(false);
  });

  test("an image part, a last message not from the user, or an over-long one is a 400 naming the field", () => {
    const image = thrown(() =>
      chat({ model: "m", messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "x" } }] }] }),
    );
    expect([image.status, image.param]).toEqual([400, "messages[0].content[0]"]);
    expect(image.message).toContain("image_url");
    const last = thrown(() =>
      chat({
        model: "m",
        messages: [
          { role: "user", content: "a" },
          { role: "assistant", content: "b" },
        ],
      }),
    );
    expect(last.param).toBe("messages[1]");
    const long = thrown(() => chat({ model: "m", messages: [{ role: "user", content: "x".repeat(8001) }] }));
    expect(long.message).toContain("8000");
  });

  test("schema errors name the field the way OpenAI's param does", () => {
    const cases: Array<[unknown, string | null]> = [
      [{ messages: [{ role: "user", content: "x" }] }, "model"],
      [{ model: "m", messages: [{ role: "robot", content: "x" }] }, "messages[0].role"],
      [{ model: "m", messages: [{ role: "user", content: "x" }], temperature: 3 }, "temperature"],
      [{ model: "m", messages: [{ role: "user", content: "x" }], n: 2 }, "n"],
      [{ model: "m", messages: [{ role: "user", content: "x" }], stop: ["a", "b", "c", "d", "e"] }, "stop"],
    ];
    for (const [body, param] of cases) {
      const parsed = chatCompletionRequestSchema.safeParse(body);
      expect(parsed.success).toBe(false);
      const message = describeZodError(parsed.error!);
      expect(paramOf(message)).toBe(param);
      const shaped = openAiBodyFor({ code: "validation_failed", message }, 400);
      expect(shaped.error).toMatchObject({ type: "invalid_request_error", param });
    }
  });
});

describe("responses requests", () => {
  test("input as a string, or a message list; instructions become the system message", () => {
    const simple = fromResponseRequest(responseRequestSchema.parse({ model: "m", input: "hi", max_output_tokens: 5 }));
    expect(simple.newText).toBe("hi");
    expect(simple.maxTokens).toBe(5);
    const list = fromResponseRequest(
      responseRequestSchema.parse({
        model: "m",
        instructions: "be brief",
        input: [
          { role: "user", content: "first" },
          { role: "assistant", content: [{ type: "output_text", text: "ok" }] },
          { role: "user", content: [{ type: "input_text", text: "second" }] },
        ],
      }),
    );
    expect(list.messages).toEqual([
      { role: "system", content: "be brief" },
      { role: "user", content: "first" },
      { role: "assistant", content: "ok" },
      { role: "user", content: "second" },
    ]);
    expect(list.newText).toBe("second");
  });

  test("previous_response_id is refused with what to do instead (no responses are stored)", () => {
    const error = thrown(() =>
      fromResponseRequest(responseRequestSchema.parse({ model: "m", input: "hi", previous_response_id: "resp_1" })),
    );
    expect([error.status, error.param]).toEqual([400, "previous_response_id"]);
    expect(error.message).toContain("whole conversation");
  });
});

describe("models and conversations", () => {
  const sources = (files: string[] = []): ModelSources => ({
    agentName: () => "Ada",
    activeModel: () => ({ provider: "local", name: "small.gguf", loaded: true }),
    localFiles: async () => files.map((file) => ({ file, path: `/m/${file}`, bytes: 1, validGguf: true })),
    created: 1,
  });

  test("the list: milady, the agent's name, the running model, the other GGUF files once each", async () => {
    const ids = (await listModels(sources(["small.gguf", "big.gguf"]))).map((m) => m.id);
    expect(ids).toEqual(["milady", "Ada", "small.gguf", "big.gguf"]);
  });

  test("milady and the agent's name (any case) are the agent; the running model is plain; others are refused", async () => {
    expect(await resolveModel("milady", sources())).toEqual({ kind: "agent" });
    expect(await resolveModel("ada", sources())).toEqual({ kind: "agent" });
    expect(await resolveModel("small.gguf", sources())).toEqual({ kind: "plain" });
    const notLoaded = await resolveModel("big.gguf", sources(["big.gguf"])).catch((e) => e);
    expect([notLoaded.status, notLoaded.code]).toEqual([400, "model_not_loaded"]);
    expect(notLoaded.message).toContain("Models tab");
    const missing = await resolveModel("gpt-4o", sources()).catch((e) => e);
    expect([missing.status, missing.code, missing.param]).toEqual([404, "model_not_found", "model"]);
  });

  test("model ids of providers; no model, no id", () => {
    expect(activeModelId({ provider: "scripted", name: "scripted (test double)", loaded: true })).toBe(
      "scripted-test-model",
    );
    expect(activeModelId({ provider: "openai", name: "gpt-4o-mini", loaded: true })).toBe("gpt-4o-mini");
    expect(activeModelId({ provider: "anthropic", loaded: true })).toBe("anthropic");
    expect(activeModelId({ provider: "none", loaded: false })).toBeUndefined();
  });

  test("a user gets their own titled conversation; no user, the shared one", () => {
    expect(conversationKeyOf("bob")).toEqual({ key: "openai:user:bob", title: "OpenAI: bob" });
    expect(conversationKeyOf(undefined)).toEqual({ key: "openai:default", title: "OpenAI API" });
  });

  test("the stream's missing end is sent so chunks add up to the text", () => {
    expect(remainderOf("Echo: he", "Echo: hello")).toBe("llo");
    expect(remainderOf("", "whole")).toBe("whole");
    expect(remainderOf("other", "whole")).toBe("");
  });
});

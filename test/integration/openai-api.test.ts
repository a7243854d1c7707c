// The OpenAI-compatible API (/v1) of a real Milady process (real Worker, PGlite, HTTP, SSE), driven
// by the official `openai` npm client. The model is the scripted model (a named test double):
// "Echo: <text>" as the agent, "Completion: <last user line>" as a plain model, one token a word.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import OpenAI from "openai";
import { type MiladyProcess, postJson, removeDir, startMilady, waitForState } from "../support/milady-process";
import { until } from "../support/until";

const TOKEN = "openai-api-test-token-0123456789";
let milady: MiladyProcess;
let client: OpenAI;

beforeAll(async () => {
  // The loopback listener requires this token, as it does with MILADY_API_TOKEN set.
  milady = await startMilady({ token: TOKEN });
  client = new OpenAI({ baseURL: `${milady.url}/v1`, apiKey: TOKEN, maxRetries: 0 });
});
afterAll(async () => {
  if (milady.proc.exitCode === null) await milady.stop();
  removeDir(milady.stateDir);
});

/** The error the client raised, for status and body checks. */
async function apiError(fn: () => Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof OpenAI.APIError) return error;
    throw error;
  }
  throw new Error("the request succeeded; an OpenAI.APIError was expected");
}

async function conversationsTitled(title: string): Promise<any[]> {
  const { conversations } = await milady.json("/api/conversations");
  return conversations.filter((c: any) => c.title === title);
}

describe("OpenAI-compatible API through the official client", () => {
  test("GET /v1/models lists the agent, its name and the running model", async () => {
    const status = await milady.json("/api/status");
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toContain("milady");
    expect(ids).toContain("scripted-test-model");
    if (status.agentName.toLowerCase() !== "milady") expect(ids).toContain(status.agentName);
    // models.retrieve: one of them, or OpenAI's 404 for one that is not there.
    expect((await client.models.retrieve("milady")).id).toBe("milady");
    const missing = await apiError(() => client.models.retrieve("no-such-model"));
    expect(missing.status).toBe(404);
    expect(missing.code).toBe("model_not_found");
  });

  test("model milady answers as the agent, with usage the model reported", async () => {
    const raw = await client.chat.completions
      .create({
        model: "milady",
        user: "alice",
        messages: [
          { role: "system", content: "ignored: the agent has its own character" },
          { role: "user", content: "hello from alice" },
        ],
      })
      .withResponse();
    const completion = raw.data;
    expect(completion.object).toBe("chat.completion");
    expect(completion.model).toBe("milady");
    expect(completion.choices[0].message.role).toBe("assistant");
    expect(completion.choices[0].message.content).toBe("Echo: hello from alice");
    expect(completion.choices[0].finish_reason).toBe("stop");
    const usage = completion.usage!;
    expect(usage.prompt_tokens).toBeGreaterThan(0);
    expect(usage.completion_tokens).toBeGreaterThan(0);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    expect(raw.response.headers.get("x-milady-usage")).toBe("reported");
    expect(raw.response.headers.get("x-milady-conversation")).toBeTruthy();
  });

  test("the same user continues one conversation, shown in the dashboard's list", async () => {
    await client.chat.completions.create({
      model: "milady",
      user: "alice",
      messages: [
        { role: "user", content: "hello from alice" },
        { role: "assistant", content: "Echo: hello from alice" },
        { role: "user", content: "second message" },
      ],
    });
    const alice = await until(
      async () => {
        const found = await conversationsTitled("OpenAI: alice");
        return found.length === 1 && found[0].lastMessage === "Echo: second message" ? found : undefined;
      },
      10_000,
      "alice's conversation with the second reply",
    );
    const { messages } = await milady.json(`/api/conversations/${alice![0].id}/messages`);
    // Only the last user message of each request is a new turn: the agent keeps the history.
    expect(messages.map((m: any) => `${m.role}: ${m.text}`)).toEqual([
      "user: hello from alice",
      "agent: Echo: hello from alice",
      "user: second message",
      "agent: Echo: second message",
    ]);
  });

  test("after the user deletes a client's conversation, the next request starts a fresh one", async () => {
    const ask = (content: string) =>
      client.chat.completions.create({ model: "milady", user: "dora", messages: [{ role: "user", content }] });
    await ask("first life");
    const [first] = await conversationsTitled("OpenAI: dora");
    expect((await milady.api(`/api/conversations/${first.id}`, { method: "DELETE" })).status).toBe(200);
    await ask("second life");
    const again = await conversationsTitled("OpenAI: dora");
    expect(again.length).toBe(1);
    expect(again[0].id).not.toBe(first.id);
    const { messages } = await milady.json(`/api/conversations/${again[0].id}/messages`);
    expect(messages.map((m: any) => m.text)).toEqual(["second life", "Echo: second life"]);
  });

  test("concurrent first requests of one user make one conversation", async () => {
    const asks = ["a", "b", "c"].map((content) =>
      client.chat.completions.create({ model: "milady", user: "eve", messages: [{ role: "user", content }] }),
    );
    const answers = await Promise.all(asks);
    expect(answers.map((a) => a.choices[0].message.content).sort()).toEqual(["Echo: a", "Echo: b", "Echo: c"]);
    const eve = await conversationsTitled("OpenAI: eve");
    expect(eve.length).toBe(1);
    const { messages } = await milady.json(`/api/conversations/${eve[0].id}/messages`);
    expect(messages.length).toBe(6);
  });

  test("without user, requests share the one 'OpenAI API' conversation", async () => {
    await client.chat.completions.create({ model: "milady", messages: [{ role: "user", content: "anonymous one" }] });
    await client.chat.completions.create({ model: "milady", messages: [{ role: "user", content: "anonymous two" }] });
    const shared = await conversationsTitled("OpenAI API");
    expect(shared.length).toBe(1);
    const { messages } = await milady.json(`/api/conversations/${shared[0].id}/messages`);
    expect(messages.filter((m: any) => m.role === "user").map((m: any) => m.text)).toEqual([
      "anonymous one",
      "anonymous two",
    ]);
  });

  test("X-Milady-Conversation continues a dashboard conversation", async () => {
    const { conversation } = await milady.json("/api/conversations", postJson({ title: "From the dashboard" }));
    const completion = await client.chat.completions.create(
      { model: "milady", messages: [{ role: "user", content: "via the header" }] },
      { headers: { "X-Milady-Conversation": conversation.id } },
    );
    expect(completion.choices[0].message.content).toBe("Echo: via the header");
    const { messages } = await milady.json(`/api/conversations/${conversation.id}/messages`);
    expect(messages.map((m: any) => m.text)).toEqual(["via the header", "Echo: via the header"]);
    const missing = await apiError(() =>
      client.chat.completions.create(
        { model: "milady", stream: true, messages: [{ role: "user", content: "lost" }] },
        { headers: { "X-Milady-Conversation": "00000000-0000-4000-8000-000000000000" } },
      ),
    );
    expect(missing.status).toBe(404);
  });

  test("a stream is chat.completion.chunks ending in [DONE]; its text is the non-streamed text", async () => {
    const stream = await client.chat.completions.create({
      model: "milady",
      user: "streamer",
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "stream these words please" }],
    });
    const chunks: any[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((c) => c.object === "chat.completion.chunk")).toBe(true);
    const deltas = chunks.flatMap((c) => c.choices.map((ch: any) => ch.delta.content ?? ""));
    expect(chunks.filter((c) => c.choices[0]?.delta.content).length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe("Echo: stream these words please");
    expect(chunks.at(-2).choices[0].finish_reason).toBe("stop");
    const last = chunks.at(-1);
    expect(last.choices).toEqual([]);
    expect(last.usage.total_tokens).toBe(last.usage.prompt_tokens + last.usage.completion_tokens);
    expect(last.usage.completion_tokens).toBeGreaterThan(0);
    // The client ended the loop on [DONE]; the raw stream says so too.
    const res = await milady.api(
      "/v1/chat/completions",
      postJson({ model: "milady", user: "streamer", stream: true, messages: [{ role: "user", content: "raw" }] }),
    );
    const text = await res.text();
    expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
  });

  test("a plain completion of the running model: no agent, max_tokens and stop honoured", async () => {
    const before = (await milady.json("/api/conversations")).conversations.length;
    const plain = await client.chat.completions.create({
      model: "scripted-test-model",
      messages: [
        { role: "system", content: "You are terse." },
        { role: "user", content: "one two three four five six" },
      ],
    });
    expect(plain.choices[0].message.content).toBe("Completion: one two three four five six");
    // The scripted model reports words as tokens: 6 words of answer... plus "Completion:".
    expect(plain.usage!.completion_tokens).toBe(7);
    expect(plain.usage!.prompt_tokens).toBeGreaterThan(6);
    const capped = await client.chat.completions.create({
      model: "scripted-test-model",
      max_tokens: 3,
      messages: [{ role: "user", content: "one two three four five six" }],
    });
    expect(capped.choices[0].message.content).toBe("Completion: one two ");
    expect(capped.choices[0].finish_reason).toBe("length");
    const stopped = await client.chat.completions.create({
      model: "scripted-test-model",
      stop: [" four"],
      messages: [{ role: "user", content: "one two three four five six" }],
    });
    expect(stopped.choices[0].message.content).toBe("Completion: one two three");
    const stream = await client.chat.completions.create({
      model: "scripted-test-model",
      stream: true,
      messages: [{ role: "user", content: "streamed plainly" }],
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe("Completion: streamed plainly");
    // No conversation was made for any of it.
    expect((await milady.json("/api/conversations")).conversations.length).toBe(before);
  });

  test("/v1/responses: text in, text out, and its event stream", async () => {
    const response = await client.responses.create({ model: "milady", user: "responder", input: "respond to me" });
    expect(response.object).toBe("response");
    expect(response.status).toBe("completed");
    expect(response.output_text).toBe("Echo: respond to me");
    expect(response.usage!.total_tokens).toBe(response.usage!.input_tokens + response.usage!.output_tokens);

    const plain = await client.responses.create({
      model: "scripted-test-model",
      instructions: "Be brief.",
      input: [{ role: "user", content: "list input" }],
    });
    expect(plain.output_text).toBe("Completion: list input");

    const stream = await client.responses.create({
      model: "milady",
      user: "responder",
      input: "stream me",
      stream: true,
    });
    const types: string[] = [];
    let deltas = "";
    let completed: any;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === "response.output_text.delta") deltas += event.delta;
      if (event.type === "response.completed") completed = event.response;
    }
    expect(types[0]).toBe("response.created");
    expect(types).toContain("response.output_text.delta");
    expect(types).toContain("response.output_text.done");
    expect(types.at(-1)).toBe("response.completed");
    expect(deltas).toBe("Echo: stream me");
    expect(completed.output[0].content[0].text).toBe("Echo: stream me");
    expect(completed.usage.output_tokens).toBeGreaterThan(0);
  });

  test("errors are OpenAI error objects with OpenAI's status codes", async () => {
    const unknown = await apiError(() =>
      client.chat.completions.create({ model: "gpt-nonexistent", messages: [{ role: "user", content: "hi" }] }),
    );
    expect(unknown.status).toBe(404);
    expect(unknown.code).toBe("model_not_found");
    expect(unknown.param).toBe("model");
    expect(unknown.type).toBe("invalid_request_error");

    const bad = await apiError(() =>
      client.chat.completions.create({ model: "milady", messages: [{ role: "robot", content: "hi" }] } as never),
    );
    expect(bad.status).toBe(400);
    expect(bad.type).toBe("invalid_request_error");
    expect(bad.param).toBe("messages[0].role");

    const empty = await apiError(() => client.chat.completions.create({ model: "milady", messages: [] }));
    expect(empty.status).toBe(400);
    expect(empty.param).toBe("messages");

    const notUser = await apiError(() =>
      client.chat.completions.create({ model: "milady", messages: [{ role: "assistant", content: "hi" }] }),
    );
    expect(notUser.status).toBe(400);
    expect(notUser.message).toContain("last message must be the user's");

    const wrongToken = new OpenAI({ baseURL: `${milady.url}/v1`, apiKey: "not-the-token", maxRetries: 0 });
    const denied = await apiError(() => wrongToken.models.list());
    expect(denied.status).toBe(401);
    expect(denied.code).toBe("invalid_api_key");
    expect(denied.message).toContain("Authorization: Bearer");

    const res = await milady.api("/v1/nope");
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(Object.keys(body.error).sort()).toEqual(["code", "message", "param", "type"]);
    // /api keeps its own shape.
    const api = await milady.api("/api/nope");
    expect((await api.json()).error.code).toBe("not_found");
  });

  test("a stopped agent is a 503 that says to start it; it answers again once started", async () => {
    await milady.json("/api/agent/stop", postJson({}));
    await waitForState(milady, ["stopped"]);
    const stopped = await apiError(() =>
      client.chat.completions.create({ model: "milady", messages: [{ role: "user", content: "anyone?" }] }),
    );
    expect(stopped.status).toBe(503);
    expect(stopped.code).toBe("agent_not_running");
    expect(stopped.message).toContain("Start the agent");
    const streamed = await apiError(() =>
      client.chat.completions.create({
        model: "scripted-test-model",
        stream: true,
        messages: [{ role: "user", content: "anyone?" }],
      }),
    );
    expect(streamed.status).toBe(503);
    // The model list still answers: it needs no agent.
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toContain("milady");

    await milady.json("/api/agent/start", postJson({}));
    await waitForState(milady, ["running"], 60_000);
    const again = await client.chat.completions.create({
      model: "milady",
      user: "alice",
      messages: [{ role: "user", content: "back again" }],
    });
    expect(again.choices[0].message.content).toBe("Echo: back again");
    // Still alice's one conversation after the restart (the key lives in the room's metadata).
    expect((await conversationsTitled("OpenAI: alice")).length).toBe(1);
  });
});

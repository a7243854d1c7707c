import { afterAll, describe, expect, test } from "bun:test";
import { conversationsContract, modelsContract, systemContract } from "../../src-shared/contracts";
import { msg, statusFixture } from "../testing/fixtures";
import { json, type ScriptedServer, sse, startScriptedServer, wireError } from "../testing/scripted-server";
import { isApiError } from "./api-error";
import { backoffDelay } from "./backoff";
import { createApiClient } from "./client";

const srv: ScriptedServer = startScriptedServer();
afterAll(() => srv.stop());
let token: string | null = "secret-token";
const api = createApiClient({ baseUrl: srv.url, getToken: () => token });

describe("createApiClient (scripted server over real HTTP)", () => {
  test("validates the status response and sends the bearer token", async () => {
    srv.on(systemContract.routes.status, () => ({ ...statusFixture(), runId: "r1", seq: 4 }));
    const s = await api.system.status();
    expect(s.state).toBe("running");
    expect(s.seq).toBe(4);
    expect(srv.requests.at(-1)?.auth).toBe("Bearer secret-token");
  });

  test("maps wire errors to ApiError with code, fix and status", async () => {
    srv.routes.set("GET /api/character", () =>
      wireError("no_model", "No model configured", 503, "Pick a model in Models"),
    );
    const err = await api.character.get().catch((e) => e);
    expect(isApiError(err)).toBe(true);
    expect(err).toMatchObject({ code: "no_model", status: 503, fix: "Pick a model in Models" });
  });

  test("a response that breaks the schema is an invalid_response error, not a crash later", async () => {
    srv.routes.set("GET /api/models", () => json({ models: [{ file: 3 }], downloading: [] }));
    const err = await api.models.list().catch((e) => e);
    expect(err.code).toBe("invalid_response");
    expect(err.message).toContain("models.0.file");
  });

  test("a server that is down gives a network error with a fix", async () => {
    const dead = createApiClient({ baseUrl: "http://127.0.0.1:1", getToken: () => null });
    const err = await dead.system.health().catch((e) => e);
    expect(err).toMatchObject({ code: "network", status: 0 });
    expect(err.fix).toContain("milady start");
  });

  test("fills path params (encoded), sends the query and the JSON body the contract names", async () => {
    srv.on(conversationsContract.routes.messages, (_req, params, url) => {
      expect(params.id).toBe("a b/c");
      expect(url.searchParams.get("limit")).toBe("20");
      return { messages: [msg({ id: "m1" })] };
    });
    const { messages } = await api.conversations.messages({ params: { id: "a b/c" }, query: { limit: 20 } });
    expect(messages[0]?.id).toBe("m1");
    expect(srv.requests.at(-1)?.path).toBe("/api/conversations/a%20b%2Fc/messages");

    srv.on(conversationsContract.routes.create, async (req) => ({
      conversation: { id: "n", title: ((await req.json()) as { title: string }).title, createdAt: 1, updatedAt: 1 },
    }));
    const { conversation } = await api.conversations.create({ body: { title: "Plans" } });
    expect(conversation).toMatchObject({ id: "n", title: "Plans" });
  });

  test("the answer is checked against the contract: a bare list where an object is due is refused", async () => {
    srv.routes.set("GET /api/conversations", () => json([{ id: "b", title: "B", createdAt: 1, updatedAt: 2 }]));
    expect(await api.conversations.list().catch((e) => e.code)).toBe("invalid_response");
  });

  test("a multipart route sends the file in the contract's field", async () => {
    srv.on(modelsContract.routes.list, () => ({ models: [], downloading: ["hf:a/b/c.gguf"] }));
    expect((await api.models.list()).downloading).toEqual(["hf:a/b/c.gguf"]);
    let field = "";
    srv.routes.set("POST /api/knowledge", async (req) => {
      const form = await req.formData();
      field = [...form.keys()].join(",");
      const file = form.get("file") as File;
      return json(
        {
          document: {
            id: "d",
            filename: file.name,
            contentType: "text/plain",
            bytes: file.size,
            chunks: 1,
            createdAt: 1,
          },
        },
        201,
      );
    });
    const { document } = await api.knowledge.upload({ file: new File(["hello"], "notes.txt") });
    expect(field).toBe("file");
    expect(document).toMatchObject({ filename: "notes.txt", bytes: 5 });
  });

  test("streams a reply over SSE from a POST", async () => {
    token = null;
    srv.routes.set("POST /api/conversations/c1/messages", (req) => {
      expect(req.headers.get("accept")).toBe("text/event-stream");
      return sse([
        { type: "user_message", message: msg({ id: "u1", clientMessageId: "k" }) },
        { type: "token", delta: "Hel" },
        { type: "token", delta: "lo" },
        { type: "done", reply: msg({ id: "a1", role: "agent", text: "Hello" }) },
      ]);
    });
    const types: string[] = [];
    const input = { params: { id: "c1" }, body: { text: "hi", clientMessageId: "k" } };
    for await (const ev of api.stream(conversationsContract.routes.send, input)) types.push(ev.type);
    expect(types).toEqual(["user_message", "token", "token", "done"]);
    expect(srv.requests.at(-1)?.auth).toBeNull();
  });
});

describe("backoffDelay", () => {
  test("starts at 0.5 s, doubles, caps at 10 s, jitter stays within bounds", () => {
    expect(backoffDelay(0, () => 0.5)).toBe(500);
    expect(backoffDelay(1, () => 0.5)).toBe(1000);
    expect(backoffDelay(10, () => 0.5)).toBe(10_000);
    for (let a = 0; a < 8; a++) {
      const lo = backoffDelay(a, () => 0);
      const hi = backoffDelay(a, () => 0.999);
      expect(lo).toBeGreaterThanOrEqual(500);
      expect(hi).toBeLessThanOrEqual(10_000);
    }
  });
});

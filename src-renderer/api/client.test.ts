import { afterAll, describe, expect, test } from "bun:test";
import { msg, statusFixture } from "../test-support/fixtures";
import { json, type ScriptedServer, sse, startScriptedServer, wireError } from "../test-support/scripted-server";
import { isApiError } from "./api-error";
import { backoffDelay } from "./backoff";
import { createApiClient } from "./client";

const srv: ScriptedServer = startScriptedServer();
afterAll(() => srv.stop());
let token: string | null = "secret-token";
const api = createApiClient({ baseUrl: srv.url, getToken: () => token });

describe("createApiClient (scripted server over real HTTP)", () => {
  test("validates the status response and sends the bearer token", async () => {
    srv.routes.set("GET /api/status", () => json({ ...statusFixture(), runId: "r1", seq: 4 }));
    const s = await api.status();
    expect(s.state).toBe("running");
    expect(s.seq).toBe(4);
    expect(srv.requests.at(-1)?.auth).toBe("Bearer secret-token");
  });

  test("maps wire errors to ApiError with code, fix and status", async () => {
    srv.routes.set("GET /api/character", () =>
      wireError("no_model", "No model configured", 503, "Pick a model in Models"),
    );
    const err = await api.getCharacter().catch((e) => e);
    expect(isApiError(err)).toBe(true);
    expect(err).toMatchObject({ code: "no_model", status: 503, fix: "Pick a model in Models" });
  });

  test("a response that breaks the schema is an invalid_response error, not a crash later", async () => {
    srv.routes.set("GET /api/models", () => json({ models: [{ file: 3 }] }));
    const err = await api.listModels().catch((e) => e);
    expect(err.code).toBe("invalid_response");
  });

  test("a server that is down gives a network error with a fix", async () => {
    const dead = createApiClient({ baseUrl: "http://127.0.0.1:1", getToken: () => null });
    const err = await dead.health().catch((e) => e);
    expect(err).toMatchObject({ code: "network", status: 0 });
    expect(err.fix).toContain("milady start");
  });

  test("accepts wrapped and bare list shapes", async () => {
    srv.routes.set("GET /api/conversations", () =>
      json({ conversations: [{ id: "a", title: "A", createdAt: 1, updatedAt: 2 }] }),
    );
    expect((await api.listConversations())[0].id).toBe("a");
    srv.routes.set("GET /api/conversations", () => json([{ id: "b", title: "B", createdAt: 1, updatedAt: 2 }]));
    expect((await api.listConversations())[0].id).toBe("b");
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
    for await (const ev of api.streamMessage("c1", { text: "hi", clientMessageId: "k" })) types.push(ev.type);
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

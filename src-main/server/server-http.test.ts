import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  characterSchema,
  configViewSchema,
  DEFAULT_CHARACTER,
  errorBodySchema,
  healthResponseSchema,
  MiladyError,
  PROVIDER_PLUGINS,
  statusResponseSchema,
} from "../../src-shared/protocol";
import { startTestServer, type TestServer, until } from "./testing/test-server";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ models: [{ file: "tiny.gguf", bytes: 1234 }] });
});
afterAll(() => t.close());

const jsonInit = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  body: typeof body === "string" ? body : JSON.stringify(body),
});

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  const body = errorBodySchema.parse(await response.json());
  expect(body.error.code).toBe(code as never);
  return body.error;
}

describe("errors", () => {
  test("unknown API path -> 404 not_found; wrong method -> 405 with Allow", async () => {
    await expectError(await t.api("/api/nope"), 404, "not_found");
    const response = await t.api("/api/health", { method: "DELETE" });
    expect(response.headers.get("allow")).toBe("GET, HEAD");
    await expectError(response, 405, "method_not_allowed");
  });

  test("malformed JSON -> 400 invalid_json; schema failure names the field", async () => {
    await expectError(await t.api("/api/conversations", jsonInit("POST", "{nope")), 400, "invalid_json");
    const error = await expectError(
      await t.api("/api/conversations", jsonInit("POST", { title: 5 })),
      400,
      "validation_failed",
    );
    expect(error.message).toContain("title");
    expect(error.fix).toContain("send the request again");
  });

  test("a body over server.maxBodyBytes -> 413, by Content-Length and by streamed count", async () => {
    const limit = t.config.current().server.maxBodyBytes;
    const big = JSON.stringify({ title: "x".repeat(limit) });
    await expectError(await t.api("/api/conversations", jsonInit("POST", big)), 413, "payload_too_large");
    // Chunked: no Content-Length, the server must count.
    const chunk = new TextEncoder().encode("x".repeat(256 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > limit + chunk.byteLength) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const response = await t.api("/api/conversations", {
      method: "POST",
      body: stream,
      headers: { "content-type": "application/json" },
    });
    await expectError(response, 413, "payload_too_large");
  });

  test("a MiladyError from the agent keeps its code; anything else is a generic 500 without detail", async () => {
    t.agent.failNext = new MiladyError("agent_starting", "the agent is starting", "wait a few seconds");
    const error = await expectError(await t.api("/api/conversations"), 503, "agent_starting");
    expect(error.fix).toBe("wait a few seconds");
    t.agent.failNext = new Error("secret stack detail at /home/x.ts:12");
    const generic = await expectError(await t.api("/api/conversations"), 500, "internal");
    expect(generic.message).not.toContain("secret");
  });
});

describe("health, status, agent control", () => {
  test("GET /api/health", async () => {
    const body = healthResponseSchema.parse(await (await t.api("/api/health")).json());
    expect(body.runId).toBe(t.server.runId);
    expect(body.version).toBe("0.0.0-test");
  });

  test("GET /api/status is the snapshot plus runId and seq", async () => {
    const body = statusResponseSchema.parse(await (await t.api("/api/status")).json());
    expect(body).toMatchObject({ state: "running", runId: t.server.runId, seq: t.server.events.seq });
  });

  test("POST /api/agent/{action} runs it and answers the new status", async () => {
    for (const [action, state] of [
      ["pause", "paused"],
      ["resume", "running"],
      ["stop", "stopped"],
      ["start", "running"],
      ["restart", "running"],
    ] as const) {
      const response = await t.api(`/api/agent/${action}`, { method: "POST" });
      expect(response.status).toBe(200);
      expect(statusResponseSchema.parse(await response.json()).state).toBe(state);
    }
  });
});

describe("character", () => {
  test("GET answers the configured character", async () => {
    const body = (await (await t.api("/api/character")).json()) as { character: unknown };
    expect(characterSchema.parse(body.character).name).toBe(DEFAULT_CHARACTER.name);
  });

  test("PUT validates, saves and applies to the running agent", async () => {
    const next = { ...DEFAULT_CHARACTER, name: "Remilia" };
    const response = await t.api("/api/character", jsonInit("PUT", next));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ applied: true, character: { name: "Remilia" } });
    expect(t.config.current().character.name).toBe("Remilia");
    expect(t.agent.characterApplied?.name).toBe("Remilia");
  });

  test("PUT with an invalid character -> 400 naming the field; not saved", async () => {
    const error = await expectError(
      await t.api("/api/character", jsonInit("PUT", { name: "x", bio: [] })),
      400,
      "validation_failed",
    );
    expect(error.message).toContain("bio");
  });

  test("PUT while the agent is stopped saves but does not apply", async () => {
    await t.agent.stop();
    t.agent.characterApplied = undefined;
    const response = await t.api("/api/character", jsonInit("PUT", { ...DEFAULT_CHARACTER, name: "Later" }));
    expect(await response.json()).toMatchObject({ applied: false });
    expect(t.agent.characterApplied).toBeUndefined();
    await t.agent.start();
  });
});

describe("config", () => {
  test("GET /api/config is the masked view", async () => {
    configViewSchema.parse(await (await t.api("/api/config")).json());
  });

  test("PATCH writes config and secrets; secrets come back masked", async () => {
    const response = await t.api(
      "/api/config",
      jsonInit("PATCH", { config: { ui: { theme: "dark" } }, secrets: { OPENAI_API_KEY: "sk-abcdefghijklmnop" } }),
    );
    expect(response.status).toBe(200);
    const view = configViewSchema.parse(await response.json());
    expect(view.secrets.OPENAI_API_KEY).not.toContain("abcdefghijklmnop");
    expect(t.config.current().ui.theme).toBe("dark");
  });

  test("PATCH refuses MILADY_API_TOKEN and unknown secrets, naming the key", async () => {
    const token = await expectError(
      await t.api("/api/config", jsonInit("PATCH", { secrets: { MILADY_API_TOKEN: "x" } })),
      400,
      "validation_failed",
    );
    expect(token.message).toContain("MILADY_API_TOKEN");
    const unknown = await expectError(
      await t.api("/api/config", jsonInit("PATCH", { secrets: { FOO_KEY: "x" } })),
      400,
      "validation_failed",
    );
    expect(unknown.message).toContain("FOO_KEY");
  });

  test("PATCH with an invalid value -> 400 from the store", async () => {
    await expectError(
      await t.api("/api/config", jsonInit("PATCH", { config: { server: { port: -1 } } })),
      400,
      "validation_failed",
    );
  });
});

describe("plugins", () => {
  test("GET lists loaded plugins with their enabled flag", async () => {
    const body = (await (await t.api("/api/plugins")).json()) as { plugins: { name: string; enabled: boolean }[] };
    expect(body.plugins.map((p) => p.name)).toContain("@elizaos/plugin-sql");
  });

  test("disable then enable writes plugins.disabled and asks for a restart", async () => {
    const off = await t.api("/api/plugins/milady/disable", { method: "POST" });
    expect(await off.json()).toMatchObject({ restartRequired: true, enabled: false });
    expect(t.config.current().plugins.disabled).toEqual(["milady"]);
    const list = (await (await t.api("/api/plugins")).json()) as { plugins: { name: string; enabled: boolean }[] };
    expect(list.plugins.find((p) => p.name === "milady")?.enabled).toBe(false);
    await t.api("/api/plugins/milady/enable", { method: "POST" });
    expect(t.config.current().plugins.disabled).toEqual([]);
  });

  test("a core plugin cannot be disabled (409 with what to do instead)", async () => {
    for (const core of ["@elizaos/plugin-sql", "@elizaos/plugin-bootstrap", PROVIDER_PLUGINS.local]) {
      const res = await t.api(`/api/plugins/${encodeURIComponent(core)}/disable`, { method: "POST" });
      const body = await expectError(res, 409, "conflict");
      expect(JSON.stringify(body)).toContain("required");
    }
    expect(t.config.current().plugins.disabled).toEqual([]);
  });

  test("a plugin nobody knows cannot be switched: 404 naming it, config untouched", async () => {
    for (const action of ["enable", "disable"]) {
      const error = await expectError(
        await t.api(`/api/plugins/nonexistent/${action}`, { method: "POST" }),
        404,
        "not_found",
      );
      expect(error.message).toContain("nonexistent");
    }
    expect(t.config.current().plugins.disabled).toEqual([]);
  });

  test("a name that is not a package name -> 400", async () => {
    await expectError(
      await t.api(`/api/plugins/${encodeURIComponent("../etc")}/disable`, { method: "POST" }),
      400,
      "validation_failed",
    );
  });
});

describe("models", () => {
  test("GET /api/models lists local files", async () => {
    const body = (await (await t.api("/api/models")).json()) as { models: { file: string }[] };
    expect(body.models).toEqual([expect.objectContaining({ file: "tiny.gguf", validGguf: true })]);
  });

  test("POST /api/models/download answers 202 at once and reports progress as events", async () => {
    const seen: string[] = [];
    const off = t.server.events.subscribe((e) => {
      if (e.type === "model_progress") seen.push(`${e.payload.done}:${e.payload.error ?? ""}`);
    });
    const response = await t.api("/api/models/download", jsonInit("POST", { uri: "hf:owner/repo/model.gguf" }));
    expect(response.status).toBe(202);
    await until(() => seen.at(-1) === "true:", 10_000, "the download's done event");
    const failed = await t.api("/api/models/download", jsonInit("POST", { uri: "hf:owner/fail/model.gguf" }));
    expect(failed.status).toBe(202);
    await until(() => seen.at(-1) === "true:repository not found", 10_000, "the failed download's error event");
    off();
  });

  test("a non-hf URI -> 400 naming uri", async () => {
    const error = await expectError(
      await t.api("/api/models/download", jsonInit("POST", { uri: "https://x/y.gguf" })),
      400,
      "validation_failed",
    );
    expect(error.message).toContain("uri");
  });
});

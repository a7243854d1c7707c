import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { CONTRACTS } from "../../src-shared/contracts";
import { tokenMatches } from "./auth";
import { startTestServer, TEST_TOKEN, type TestServer } from "./testing/test-server";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** A concrete URL for a route pattern: `:params` become harmless values. */
function concrete(path: string): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => (name === "name" ? "plugin-x" : "missing-id"));
}

const ALL_ROUTES = Object.values(CONTRACTS).flatMap((c) => Object.values(c.routes));

describe("auth on every API route (walks every contract's routes)", () => {
  for (const route of ALL_ROUTES.filter((r) => (r as { access?: string }).access !== "public")) {
    const key = `${route.method} ${route.path}`;
    test(`${key}: without token 401, with a wrong token 401, with the token not 401`, async () => {
      const url = concrete(route.path);
      const init: RequestInit = { method: route.method };
      if (route.method !== "GET" && route.method !== "DELETE") {
        init.headers = { "content-type": "application/json", accept: "application/json" };
        init.body = "{}";
      }
      const none = await t.api(url, { ...init, auth: false });
      expect(none.status).toBe(401);
      // /v1 answers in OpenAI's error shape, whose code for a bad token is invalid_api_key.
      const code = route.path.startsWith("/v1/") ? "invalid_api_key" : "unauthorized";
      expect(((await none.json()) as { error: { code: string } }).error.code).toBe(code);
      const wrong = await t.api(url, {
        ...init,
        headers: { ...(init.headers as object), authorization: "Bearer nope" },
      });
      expect(wrong.status).toBe(401);
      const good = await t.api(url, { ...init, headers: { ...(init.headers as object), accept: "application/json" } });
      expect(good.status).not.toBe(401);
      await good.body?.cancel();
    });
  }

  test("public routes (health) answer without a token, with only what a probe needs", async () => {
    const probe = await t.api("/api/health", { auth: false });
    expect(probe.status).toBe(200);
    expect(await probe.json()).toEqual({ ok: true });
    const wrong = await t.api("/api/health", { headers: { authorization: "Bearer nope" } });
    expect(await wrong.json()).toEqual({ ok: true });
    const owner = (await (await t.api("/api/health")).json()) as Record<string, unknown>;
    expect(Object.keys(owner).sort()).toEqual(["ok", "runId", "uptimeMs", "version"]);
    // The only public routes: the probe, and what a phone needs before it has a token.
    expect(ALL_ROUTES.filter((r) => (r as { access?: string }).access === "public").map((r) => r.path)).toEqual([
      "/api/health",
      "/api/lan/identity",
      "/api/auth/pair",
      "/api/auth/pair/:requestId",
    ]);
  });

  test("the table covers the whole API (guards against an empty walk)", () => {
    expect(ALL_ROUTES.length).toBeGreaterThanOrEqual(25);
  });

  test("unknown /api paths also need the token (no route probing)", async () => {
    expect((await t.api("/api/does-not-exist", { auth: false })).status).toBe(401);
  });

  test("static files need no token", async () => {
    const response = await fetch(`${t.url}/`, { headers: { accept: "text/html" } });
    expect(response.status).toBe(200);
  });

  test("tokenMatches compares exactly, any length", () => {
    expect(tokenMatches(TEST_TOKEN, TEST_TOKEN)).toBe(true);
    expect(tokenMatches(`${TEST_TOKEN}x`, TEST_TOKEN)).toBe(false);
    expect(tokenMatches("", TEST_TOKEN)).toBe(false);
    expect(tokenMatches(undefined, TEST_TOKEN)).toBe(false);
  });
});

describe("origin policy", () => {
  test("same-origin requests pass and get the origin echoed; other origins -> 403", async () => {
    const host = new URL(t.url).host;
    const same = await t.api("/api/health", { headers: { origin: `http://${host}` } });
    expect(same.status).toBe(200);
    expect(same.headers.get("access-control-allow-origin")).toBe(`http://${host}`);
    const evil = await t.api("/api/health", { headers: { origin: "http://evil.example" } });
    expect(evil.status).toBe(403);
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
  });

  test("a cross-origin WebSocket upgrade is refused even with a token", async () => {
    const response = await fetch(`${t.url}/ws?token=${TEST_TOKEN}`, {
      headers: { upgrade: "websocket", connection: "Upgrade", origin: "http://evil.example" },
    });
    expect(response.status).toBe(403);
  });
});

describe("loopback server without a token", () => {
  test("answers loopback host names, refuses others (DNS rebinding)", async () => {
    const open = await startTestServer({ token: undefined });
    try {
      expect((await fetch(`${open.url}/api/health`)).status).toBe(200);
      const port = new URL(open.url).port;
      const rebound = await fetch(`${open.url}/api/health`, { headers: { host: `evil.example:${port}` } });
      expect(rebound.status).toBe(403);
      expect((await fetch(`${open.url}/api/health`, { headers: { host: `localhost:${port}` } })).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});

// Auth on a non-loopback bind (the generated token printed once), token on
// loopback, and the error envelope for bad requests — against the real server.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { CONTRACTS } from "../../src-shared/contracts";
import { MAIN, type MiladyProcess, postJson, removeDir, startMilady } from "../support/milady-process";
import { until } from "../support/until";

// Every route a contract declares (and an unknown one); each but the public ones must refuse a request without the token.
const concrete = (path: string) => path.replace(/:(\w+)/g, "x");
const ROUTES: Array<[string, string]> = [
  ...Object.values(CONTRACTS)
    .flatMap((c) => Object.values(c.routes))
    .filter((r) => (r as { access?: string }).access !== "public")
    .map((r): [string, string] => [r.method, concrete(r.path)]),
  ["GET", "/api/no-such-route"],
];

describe("non-loopback bind", () => {
  let milady: MiladyProcess;
  let token: string;
  beforeAll(async () => {
    // Bound to all interfaces, but every request below goes to 127.0.0.1.
    milady = await startMilady({ args: ["--bind", "0.0.0.0"], waitForAgent: false });
    const match = milady.stderr().match(/needs a token:\n\s+(\S+)/);
    expect(match).not.toBeNull();
    token = match![1];
  });
  afterAll(async () => {
    await milady.stop();
    removeDir(milady.stateDir);
  });

  test("the generated token is printed once and never written to the log file", async () => {
    expect(milady.stderr().split(token).length - 1).toBe(1);
    // The log file is written asynchronously: wait until it holds the startup lines, then look.
    const logPath = join(milady.stateDir, "logs", "milady.log");
    const logFile = await until(
      () => {
        const text = existsSync(logPath) ? readFileSync(logPath, "utf8") : "";
        return text.includes("is serving the dashboard and API") ? text : "";
      },
      15_000,
      "the startup lines in milady.log",
    );
    expect(logFile).not.toContain(token);
  });

  test("`milady token` prints the same token; it is kept 0600 in the state .env, not in milady.json", async () => {
    const run = Bun.spawn([process.execPath, MAIN, "token", "--state-dir", milady.stateDir], {
      stdout: "pipe",
      stderr: "pipe",
      env: { ...process.env, MILADY_API_TOKEN: "", NO_COLOR: "1" },
    });
    expect((await new Response(run.stdout).text()).trim()).toBe(token);
    expect(await run.exited).toBe(0);
    const envFile = join(milady.stateDir, ".env");
    expect(readFileSync(envFile, "utf8")).toContain(`MILADY_API_TOKEN=${token}`);
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    expect(
      existsSync(join(milady.stateDir, "milady.json"))
        ? readFileSync(join(milady.stateDir, "milady.json"), "utf8")
        : "",
    ).not.toContain(token);
  });

  test("/api/health answers probes without the token, with only {ok}; the details need the token", async () => {
    const base = `http://127.0.0.1:${milady.port}`;
    const probe = await fetch(`${base}/api/health`);
    expect(probe.status).toBe(200);
    expect(await probe.json()).toEqual({ ok: true });
    const owner = await (await fetch(`${base}/api/health`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(owner).toMatchObject({ ok: true, version: expect.any(String), runId: expect.any(String) });
  });

  test("every /api route refuses a missing or wrong token with 401", async () => {
    const base = `http://127.0.0.1:${milady.port}`;
    for (const [method, path] of ROUTES) {
      const none = await fetch(`${base}${path}`, { method });
      expect([method, path, none.status]).toEqual([method, path, 401]);
      // /v1 (the OpenAI-compatible API) answers in OpenAI's shape: its code for a bad token is invalid_api_key.
      expect((await none.json()).error.code).toBe(path.startsWith("/v1/") ? "invalid_api_key" : "unauthorized");
      const wrong = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}x` } });
      expect([method, path, wrong.status]).toEqual([method, path, 401]);
    }
    const ok = await fetch(`${base}/api/status`, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
  });

  test("the WebSocket needs the token (subprotocol or query)", async () => {
    const url = `ws://127.0.0.1:${milady.port}/ws`;
    const opened = (ws: WebSocket) =>
      new Promise<boolean>((resolve) => {
        ws.onopen = () => resolve(true);
        ws.onerror = () => resolve(false);
        ws.onclose = () => resolve(false);
      });
    expect(await opened(new WebSocket(url))).toBe(false);
    const viaProtocol = new WebSocket(url, ["milady.v1", `milady.bearer.${token}`]);
    expect(await opened(viaProtocol)).toBe(true);
    viaProtocol.close();
    const viaQuery = new WebSocket(`${url}?token=${encodeURIComponent(token)}`);
    expect(await opened(viaQuery)).toBe(true);
    viaQuery.close();
  });

  test("the dashboard page itself loads without the token", async () => {
    const res = await fetch(`http://127.0.0.1:${milady.port}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
  });
});

describe("bad requests and no model (loopback, MILADY_API_TOKEN set)", () => {
  let milady: MiladyProcess;
  beforeAll(async () => {
    milady = await startMilady({ token: "loopback-secret-token-1234", scripted: false });
  });
  afterAll(async () => {
    await milady.stop();
    removeDir(milady.stateDir);
  });

  test("the token is enforced on loopback too when set", async () => {
    expect((await fetch(`${milady.url}/api/status`)).status).toBe(401);
    expect((await milady.api("/api/status")).status).toBe(200);
  });

  test("malformed JSON, unknown routes, wrong methods, oversized bodies", async () => {
    const bad = await milady.api("/api/conversations", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{nope",
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("invalid_json");
    const unknown = await milady.api("/api/nothing-here");
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe("not_found");
    const method = await milady.api("/api/health", { method: "DELETE" });
    expect(method.status).toBe(405);
    expect((await method.json()).error.code).toBe("method_not_allowed");
    const big = await milady.api("/api/character", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "x".repeat(13 * 1024 * 1024) }),
    });
    expect(big.status).toBe(413);
    const invalid = await milady.api("/api/character", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "" }),
    });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error.code).toBe("validation_failed");
  });

  test("with no model the agent runs, status says why, and chat answers no_model with the fix", async () => {
    const status = await milady.json("/api/status");
    expect(status.state).toBe("running");
    expect(status.canReply).toBe(false);
    expect(status.reason.code).toBe("no_model");
    expect(status.reason.fix).toContain("milady setup");
    const { conversation } = await milady.json("/api/conversations", postJson({}));
    const res = await milady.api(`/api/conversations/${conversation.id}/messages`, postJson({ text: "hello?" }));
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.error.code).toBe("no_model");
    expect(body.error.fix).toBeTruthy();
  });

  test("config over the API is masked and the token cannot be written", async () => {
    const view = await milady.json("/api/config");
    expect(JSON.stringify(view)).not.toContain("loopback-secret-token-1234");
    const res = await milady.api("/api/config", {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ secrets: { MILADY_API_TOKEN: "new" } }),
    });
    expect(res.status).toBe(400);
  });
});

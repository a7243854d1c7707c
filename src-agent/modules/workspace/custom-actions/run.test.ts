import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Memory } from "@elizaos/core";
import { turnContext } from "../../../runtime/turn-context";
import type { LoadedCustomAction } from "./load";
import { runHttp, runShell } from "./run";
import { customActionSchema, type HttpActionSpec, type ShellActionSpec } from "./schema";
import { toAction } from "./to-action";

// A real local HTTP server: what the http kind sends and how its answer is bounded.
let server: ReturnType<typeof Bun.serve>;
const seen: Array<{ method: string; url: string; body: string; auth: string | null }> = [];
beforeAll(() => {
  server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const url = new URL(req.url);
      seen.push({
        method: req.method,
        url: url.pathname + url.search,
        body: await req.text(),
        auth: req.headers.get("authorization"),
      });
      if (url.pathname === "/slow") await Bun.sleep(2000);
      if (url.pathname === "/big") return new Response("z".repeat(10_000));
      if (url.pathname === "/missing") return new Response("nope", { status: 404, statusText: "Not Found" });
      return new Response(`weather in ${url.searchParams.get("q")}: sunny`);
    },
  });
});
afterAll(() => server.stop(true));

const http = (request: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  customActionSchema.parse({ name: "CALL", description: "d", kind: "http", request, ...extra }) as HttpActionSpec;
const shell = (command: string[], extra: Record<string, unknown> = {}) =>
  customActionSchema.parse({ name: "RUN", description: "d", kind: "shell", command, ...extra }) as ShellActionSpec;

describe("http custom actions against a real server", () => {
  test("GET with a URL template: the value is URL-encoded; the body is the result", async () => {
    const base = `http://127.0.0.1:${server.port}`;
    const result = await runHttp(http({ url: `${base}/w?q={{city}}` }), { city: "São Paulo & co" });
    expect(result).toEqual({ ok: true, text: "weather in São Paulo & co: sunny" });
    expect(seen.at(-1)!.url).toBe("/w?q=S%C3%A3o%20Paulo%20%26%20co");
  });

  test("POST with headers and a JSON body template", async () => {
    const base = `http://127.0.0.1:${server.port}`;
    const spec = http({
      method: "POST",
      url: `${base}/w?q=x`,
      headers: { authorization: "Bearer {{token}}" },
      body: { note: "{{text}}", n: 2 },
    });
    expect((await runHttp(spec, { token: "t1", text: "hi" })).ok).toBe(true);
    expect(seen.at(-1)).toMatchObject({ method: "POST", auth: "Bearer t1", body: '{"note":"hi","n":2}' });
  });

  test("a response is bounded, a 404 fails with its status, a slow server times out", async () => {
    const base = `http://127.0.0.1:${server.port}`;
    const big = await runHttp(http({ url: `${base}/big` }, { maxResponseChars: 100 }), {});
    expect(big.text).toStartWith("z".repeat(100));
    expect(big.text).toContain("[truncated: 9900 more characters]");
    const missing = await runHttp(http({ url: `${base}/missing` }), {});
    expect(missing.ok).toBe(false);
    expect(missing.text).toContain("HTTP 404");
    const slow = await runHttp(http({ url: `${base}/slow`, timeoutMs: 200 }), {});
    expect(slow).toMatchObject({ ok: false });
    expect(slow.text).toContain("no answer within 200 ms");
  });
});

describe("shell custom actions (no shell interpreter)", () => {
  test("argv runs as given: a template value stays one argument, shell syntax is not interpreted", async () => {
    const result = await runShell(shell(["echo", "{{what}}"]), { what: "a; rm -rf / $(id) *" });
    expect(result).toEqual({ ok: true, text: "a; rm -rf / $(id) *" });
  });

  test("a non-zero exit fails with its code; output is bounded; a slow command is killed at its timeout", async () => {
    const failed = await runShell(shell(["sh", "-c", "echo oops >&2; exit 3"]), {});
    expect(failed.ok).toBe(false);
    expect(failed.text).toContain("exited with code 3");
    expect(failed.text).toContain("oops");
    const long = await runShell(shell(["seq", "1", "5000"], { maxOutputChars: 50 }), {});
    expect(long.text).toContain("[truncated:");
    const slow = await runShell(shell(["sleep", "5"], { timeoutMs: 200 }), {});
    expect(slow.ok).toBe(false);
    expect(slow.text).toContain("was stopped after 200 ms");
  });

  test("a program that does not exist is a clear failure", async () => {
    const result = await runShell(shell(["no-such-program-milady"]), {});
    expect(result.ok).toBe(false);
    expect(result.text).toContain("no-such-program-milady");
  });
});

describe("a custom action as an elizaOS action", () => {
  const response = (content: Record<string, unknown>) => ({ content }) as unknown as Memory;
  const owner = (fn: () => Promise<unknown>) =>
    turnContext.run({ requestId: "r", conversationId: "room", userText: "", onTextDelta: () => {} }, fn);
  const message = { roomId: "room", content: { text: "x", source: "milady" } } as unknown as Memory;

  test("a message action fills its template from the model's tags and sends the text", async () => {
    const spec = customActionSchema.parse({
      name: "GREET",
      description: "greets",
      kind: "message",
      template: "Hello {{who}}!",
      parameters: { who: { description: "whom" } },
    });
    const action = toAction({ file: "greet.json", spec } as LoadedCustomAction);
    const said: string[] = [];
    const result = await owner(() =>
      action.handler(
        {} as never,
        message,
        undefined,
        undefined,
        async (c) => {
          said.push(c.text ?? "");
          return [];
        },
        [response({ who: "Ada" })],
      ),
    );
    expect(said).toEqual(["Hello Ada!"]);
    expect(result).toMatchObject({ success: true });
    // A required parameter the model left out: says which.
    said.length = 0;
    await owner(() =>
      action.handler({} as never, message, undefined, undefined, async (c) => (said.push(c.text ?? ""), []), [
        response({}),
      ]),
    );
    expect(said).toEqual(["GREET needs who."]);
  });

  test("a shell action is offered to the owner only (not to a connector user)", async () => {
    const action = toAction({ file: "d.json", spec: shell(["true"]) } as LoadedCustomAction);
    expect(await owner(() => action.validate({} as never, message))).toBe(true);
    const telegram = { roomId: "tg", content: { text: "x", source: "telegram" } } as unknown as Memory;
    expect(await action.validate({} as never, telegram)).toBe(false);
  });
});

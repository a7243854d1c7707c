import { describe, expect, test } from "bun:test";
import { z } from "zod";
import { CONTRACTS, capability, route } from "../../src-shared/contracts";
import { createLogger, LogHub } from "../logging";
import { implementRoutes } from "./contract-routes";
import { Drain } from "./drain";
import { EventBus } from "./event-bus";
import { Router } from "./router";
import { apiRoutes } from "./routes";
import { FakeAgentController, FakeConfigStore } from "./testing/test-server";

const log = createLogger(new LogHub("error"), "test");

describe("routes implement the contracts", () => {
  test("every contract route is served exactly once, and nothing is served without a contract", () => {
    const served = apiRoutes({
      agent: new FakeAgentController(),
      config: new FakeConfigStore("/tmp/milady-contract-test"),
      logs: new LogHub("error"),
      events: new EventBus(),
      drain: new Drain(),
      version: "test",
      startedAt: 0,
      defaultAvatarFile: "/nonexistent.vrm",
      maxJsonBytes: () => 1024,
      strict: true,
      log,
    });
    const declared = Object.values(CONTRACTS).flatMap((c) =>
      Object.values(c.routes).map((r) => `${r.method} ${r.path}`),
    );
    const keys = served.map((r) => `${r.method} ${r.path}`);
    expect(keys.sort()).toEqual([...declared].sort());
    expect(new Set(keys).size).toBe(keys.length);
    expect(served.every((r) => r.contract !== undefined)).toBe(true);
  });

  // A tiny capability of its own, so the checks are seen to bite.
  const demo = capability({
    name: "demo",
    routes: {
      echo: route({
        method: "POST",
        path: "/api/demo/:id",
        query: z.object({ n: z.coerce.number().int().default(1) }),
        body: z.object({ text: z.string().min(1) }),
        response: z.object({ id: z.string(), text: z.string(), n: z.number() }),
        errors: ["validation_failed"],
        summary: "echo",
      }),
    },
  });
  const serve = (answer: (input: { id: string; text: string; n: number }) => unknown, strict: boolean) => {
    const router = new Router(
      implementRoutes(
        demo,
        { echo: async ({ params, body, query }) => answer({ id: params.id, text: body.text, n: query.n }) as never },
        { maxJsonBytes: () => 1024, strict, log },
      ),
    );
    return async (path: string, body: unknown) => {
      const url = new URL(`http://x${path}`);
      const match = router.match("POST", url.pathname);
      if (match.kind !== "found") throw new Error("no route");
      const request = new Request(url, { method: "POST", body: JSON.stringify(body) });
      return Promise.resolve(
        match.handler({
          request,
          url,
          params: match.params,
          authorized: true,
          caller: { kind: "owner" },
          address: "127.0.0.1",
          keepOpen: () => {},
        }),
      ).catch((e: Error) => e);
    };
  };

  test("params, query and body reach the handler checked and typed", async () => {
    const call = serve((input) => input, true);
    const ok = (await call("/api/demo/a%20b?n=3", { text: "hi" })) as Response;
    expect(await ok.json()).toEqual({ id: "a b", text: "hi", n: 3 });
    const badBody = await call("/api/demo/x", { text: "" });
    expect(badBody).toMatchObject({ code: "validation_failed", message: expect.stringContaining("text") });
    const badQuery = await call("/api/demo/x?n=1.5", { text: "hi" });
    expect(badQuery).toMatchObject({ code: "validation_failed", message: expect.stringContaining("n") });
  });

  test("an answer that breaks the contract fails in strict mode (tests) and is only logged otherwise", async () => {
    const wrong = (input: { id: string }) => ({ id: input.id });
    const strict = await serve(wrong, true)("/api/demo/x", { text: "hi" });
    expect(strict).toBeInstanceOf(Error);
    expect(String((strict as Error).message)).toContain("does not match its contract");
    const lenient = (await serve(wrong, false)("/api/demo/x", { text: "hi" })) as Response;
    expect(lenient.status).toBe(200);
  });
});

import { describe, expect, test } from "bun:test";
import { Router } from "./router";

const ok = () => new Response("ok");

describe("Router", () => {
  const router = new Router([
    { method: "GET", path: "/api/conversations", handler: ok },
    { method: "POST", path: "/api/conversations", handler: ok },
    { method: "GET", path: "/api/conversations/:id/messages", handler: ok },
    { method: "DELETE", path: "/api/knowledge/:id", handler: ok },
  ]);

  test("matches method and path and extracts decoded params", () => {
    const match = router.match("GET", "/api/conversations/a%20b/messages");
    expect(match.kind).toBe("found");
    if (match.kind === "found") expect(match.params).toEqual({ id: "a b" });
  });

  test("HEAD is served by GET routes", () => {
    expect(router.match("HEAD", "/api/conversations").kind).toBe("found");
  });

  test("a known path with the wrong method lists the allowed ones", () => {
    expect(router.match("PUT", "/api/conversations")).toEqual({ kind: "wrong_method", allow: ["GET", "HEAD", "POST"] });
    expect(router.match("GET", "/api/knowledge/x")).toEqual({ kind: "wrong_method", allow: ["DELETE"] });
  });

  test("unknown paths, extra segments and trailing segments do not match", () => {
    expect(router.match("GET", "/api/nope").kind).toBe("none");
    expect(router.match("GET", "/api/conversations/x/messages/y").kind).toBe("none");
    expect(router.match("GET", "/api/conversations/x").kind).toBe("none");
  });

  test("a malformed percent-escape does not throw", () => {
    expect(router.match("GET", "/api/conversations/%E0%A4%A/messages").kind).toBe("none");
  });

  test("list() returns every route", () => {
    expect(router.list().map((r) => `${r.method} ${r.path}`)).toContain("DELETE /api/knowledge/:id");
  });
});

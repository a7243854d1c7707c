import { afterAll, describe, expect, test } from "bun:test";
import { isElizaHit, searchPlugins } from "./registry-search";

// A loopback test double of a registry that has the search API (the registry reached here has none).
const seen: string[] = [];
const registry = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(req) {
    const url = new URL(req.url);
    seen.push(`${url.pathname}${url.search}`);
    if (url.pathname === "/-/v1/search") {
      return Response.json({
        objects: [
          { package: { name: "@elizaos/plugin-telegram", version: "1.6.4", description: "Telegram" } },
          { package: { name: "telegram-bot-api", version: "2.0.0", keywords: ["telegram"] } },
          {
            package: { name: "eliza-tg", version: "0.1.0", keywords: ["elizaos-plugins"], links: { npm: "https://x" } },
          },
        ],
      });
    }
    return new Response("", { status: 404 });
  },
});
const slow = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  async fetch() {
    await Bun.sleep(2000);
    return Response.json({ objects: [] });
  },
});
afterAll(() => {
  registry.stop(true);
  slow.stop(true);
});

describe("registry search", () => {
  test("asks the search API for the words plus elizaos and keeps elizaOS plugins only", async () => {
    const answer = await searchPlugins(`http://127.0.0.1:${registry.port}`, "telegram");
    expect(answer.mode).toBe("search");
    expect(answer.results.map((r) => r.name)).toEqual(["@elizaos/plugin-telegram", "eliza-tg"]);
    expect(answer.results[1]?.link).toBe("https://x");
    expect(seen[0]).toContain("text=telegram%20elizaos");
  });

  test("a registry that is too slow is a timeout error, within the bound", async () => {
    const error = await searchPlugins(`http://127.0.0.1:${slow.port}`, "x", { timeoutMs: 200 }).catch((e) => e);
    expect(error.code).toBe("timeout");
    expect(error.message).toContain("did not answer in time");
  });

  test("an empty query is refused", async () => {
    await expect(searchPlugins("http://127.0.0.1:1", "  ")).rejects.toThrow("give one to 100 characters");
  });

  test("what counts as an elizaOS plugin", () => {
    expect(isElizaHit({ name: "@elizaos/plugin-mcp" })).toBe(true);
    expect(isElizaHit({ name: "mcp" })).toBe(false);
    expect(isElizaHit({ name: "x", keywords: ["elizaos"] })).toBe(true);
  });

  test("the real registry: at least one @elizaos/plugin-* result (search API, or name look-up where there is none)", async () => {
    const answer = await searchPlugins("https://registry.npmjs.org", "mcp", { timeoutMs: 20_000 });
    expect(answer.results.some((r) => r.name.startsWith("@elizaos/plugin-"))).toBe(true);
    expect(answer.results.some((r) => r.name === "mcp")).toBe(false);
  }, 45_000);
});

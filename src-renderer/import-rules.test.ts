import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** The renderer runs in a browser: it may import src-shared and browser libraries, never the main process or the agent. */
const ROOT = import.meta.dir;
const FORBIDDEN = [
  /^node:/,
  /^bun(:|$)/,
  /src-main\//,
  /src-agent\//,
  /^electrobun/,
  /^@elizaos\//,
  /^three(\/|$)/,
  /^@pixiv\//,
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === "avatar" || n === "test-support" ? [] : files(p);
    return /\.(ts|tsx)$/.test(n) && !/\.test\.tsx?$/.test(n) ? [p] : [];
  });
}

describe("src-renderer import rules", () => {
  test("no runtime file imports node:, bun, src-main, src-agent, electrobun, elizaOS or three (three lives in avatar/)", () => {
    const bad: string[] = [];
    for (const f of files(ROOT)) {
      const src = readFileSync(f, "utf8");
      for (const m of src.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
        if (FORBIDDEN.some((re) => re.test(m[1]))) bad.push(`${relative(ROOT, f)} -> ${m[1]}`);
      }
    }
    expect(bad).toEqual([]);
  });
});

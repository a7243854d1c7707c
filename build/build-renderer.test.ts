import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { measureInitialJs } from "./build-renderer";

const dir = mkdtempSync(join(tmpdir(), "milady-renderer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("measureInitialJs", () => {
  test("counts the entry and modulepreloads from index.html, not lazy chunks", () => {
    mkdirSync(join(dir, "assets"));
    writeFileSync(
      join(dir, "index.html"),
      '<script type="module" src="./assets/index-a.js"></script><link rel="modulepreload" href="./assets/vendor-b.js">',
    );
    writeFileSync(join(dir, "assets", "index-a.js"), "x".repeat(1000));
    writeFileSync(join(dir, "assets", "vendor-b.js"), "y".repeat(500));
    writeFileSync(join(dir, "assets", "avatar-view-c.js"), "z".repeat(100_000));
    const size = measureInitialJs(dir);
    expect(size.files).toEqual(["assets/index-a.js", "assets/vendor-b.js"]);
    expect(size.rawBytes).toBe(1500);
    expect(size.gzipBytes).toBeLessThan(200);
  });
});

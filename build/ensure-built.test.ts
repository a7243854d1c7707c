import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleIsCurrent, mainEntry } from "../bin/main-entry.mjs";

// A checkout in a temp dir: sources and bundles with chosen modification times.
const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function checkout(files: Record<string, number>): string {
  const root = mkdtempSync(join(tmpdir(), "milady-entry-"));
  roots.push(root);
  for (const [file, mtimeSeconds] of Object.entries(files)) {
    const path = join(root, file);
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, "// test\n");
    utimesSync(path, mtimeSeconds, mtimeSeconds);
  }
  return root;
}

const SOURCES = { "src-main/main.ts": 100, "src-agent/host/host-loop.ts": 100, "src-shared/protocol/host.ts": 100 };

describe("which main `milady` runs (bin/main-entry.mjs)", () => {
  test("the bundle, when both bundles are newer than every source", () => {
    const root = checkout({ ...SOURCES, "dist/main/main.js": 200, "dist/agent/worker.js": 200 });
    expect(bundleIsCurrent(root)).toBe(true);
    expect(mainEntry(root)).toBe(join(root, "dist", "main", "main.js"));
  });

  test("the source, when one file in any source folder is newer (an edit not built yet)", () => {
    for (const edited of Object.keys(SOURCES)) {
      const root = checkout({ ...SOURCES, [edited]: 300, "dist/main/main.js": 200, "dist/agent/worker.js": 200 });
      expect(bundleIsCurrent(root)).toBe(false);
      expect(mainEntry(root)).toBe(join(root, "src-main", "main.ts"));
    }
  });

  test("the source, when a bundle is missing or older than the sources", () => {
    expect(bundleIsCurrent(checkout({ ...SOURCES, "dist/main/main.js": 200 }))).toBe(false);
    expect(bundleIsCurrent(checkout({ ...SOURCES }))).toBe(false);
    expect(bundleIsCurrent(checkout({ ...SOURCES, "dist/main/main.js": 200, "dist/agent/worker.js": 50 }))).toBe(false);
  });

  test("MILADY_MAIN=source runs the source even with a current bundle", () => {
    const root = checkout({ ...SOURCES, "dist/main/main.js": 200, "dist/agent/worker.js": 200 });
    process.env.MILADY_MAIN = "source";
    try {
      expect(mainEntry(root)).toBe(join(root, "src-main", "main.ts"));
    } finally {
      delete process.env.MILADY_MAIN;
    }
  });
});

import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decode } from "./icons/raster";
import { shellFiles, shellVersion, writePwaIcons, writeServiceWorker } from "./pwa";

const dir = mkdtempSync(join(tmpdir(), "milady-pwa-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the installable app's files", () => {
  test("icons of 192 and 512 px from the app icon", () => {
    const written = writePwaIcons(dir);
    expect(written.map((p) => p.slice(dir.length + 1))).toEqual(["icons/icon-192.png", "icons/icon-512.png"]);
    expect(decode(readFileSync(written[0]!)).width).toBe(192);
    expect(decode(readFileSync(written[1]!)).height).toBe(512);
  });

  test("the shell lists the page, bundles, styles, manifest and icons, not the worker or other files", async () => {
    mkdirSync(join(dir, "assets"), { recursive: true });
    writeFileSync(join(dir, "index.html"), "<!doctype html>");
    writeFileSync(join(dir, "manifest.webmanifest"), "{}");
    writeFileSync(join(dir, "assets", "index-a.js"), "a");
    writeFileSync(join(dir, "assets", "index-b.css"), "b");
    writeFileSync(join(dir, "assets", "index-a.js.map"), "{}");
    writeFileSync(join(dir, "notes.txt"), "x");
    const { version, files } = await writeServiceWorker(dir);
    expect(files).toEqual([
      "./",
      "assets/index-a.js",
      "assets/index-b.css",
      "icons/icon-192.png",
      "icons/icon-512.png",
      "index.html",
      "manifest.webmanifest",
    ]);
    const sw = readFileSync(join(dir, "sw.js"), "utf8");
    expect(sw).toContain(version);
    expect(sw).toContain('"assets/index-a.js"');
    expect(sw).not.toContain("__SHELL_VERSION__");
    // A second pass (sw.js now exists) lists the same shell: the worker is never part of it.
    expect(shellFiles(dir)).toEqual(files);
  });

  test("the version changes when any shell file changes, so a new build replaces the cache", () => {
    const files = shellFiles(dir);
    const before = shellVersion(dir, files);
    expect(shellVersion(dir, files)).toBe(before);
    writeFileSync(join(dir, "assets", "index-a.js"), "a2");
    expect(shellVersion(dir, files)).not.toBe(before);
  });
});

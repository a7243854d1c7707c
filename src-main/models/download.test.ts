import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildTinyGguf } from "../../build/make-tiny-gguf";
import { downloadHfModel, hfModelDestination } from "./download";
import { listLocalModels } from "./local-models";

const MODEL = buildTinyGguf({ seed: 9 });
const CHUNK = 64 * 1024;
/** FakeHuggingFace (test double): /resolve/ URLs with Range support; `cutNext` drops the connection mid-file. */
let cutNext = false;
const seen: Array<{ path: string; range: string | null }> = [];
const hf = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(req) {
    const path = new URL(req.url).pathname;
    const range = req.headers.get("range");
    seen.push({ path, range });
    if (path === "/o/r/resolve/main/page.gguf") {
      return new Response("<!DOCTYPE html><html><body>Sign in to continue</body></html>", {
        headers: { "content-type": "text/html" },
      });
    }
    if (path === "/o/r/resolve/main/gated.gguf") return new Response("no", { status: 401 });
    if (path !== "/o/r/resolve/main/tiny.gguf" && path !== "/o/r/resolve/v2/sub/tiny.gguf")
      return new Response("Entry not found", { status: 404 });
    const start = range ? Number(/bytes=(\d+)-/.exec(range)?.[1] ?? 0) : 0;
    const body = MODEL.subarray(start);
    const cut = cutNext;
    cutNext = false;
    const status = range ? 206 : 200;
    const headers: Record<string, string> = {};
    if (range) headers["content-range"] = `bytes ${start}-${MODEL.byteLength - 1}/${MODEL.byteLength}`;
    // A byte body keeps content-length (a stream body would be sent chunked).
    if (!cut) return new Response(new Uint8Array(body), { status, headers });
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        let offset = 0;
        for (; offset < body.byteLength; offset += CHUNK) {
          if (offset >= body.byteLength / 2) {
            controller.error(new Error("connection dropped (test)"));
            return;
          }
          controller.enqueue(body.subarray(offset, offset + CHUNK));
          await Bun.sleep(1);
        }
        controller.close();
      },
    });
    return new Response(stream, { status, headers });
  },
});
const baseUrl = `http://127.0.0.1:${hf.port}`;
let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "milady-dl-"));
  seen.length = 0;
});
afterAll(() => hf.stop(true));

describe("downloadHfModel (against FakeHuggingFace)", () => {
  test("downloads, reports progress, validates, and reuses the complete file", async () => {
    const progress: Array<{ receivedBytes: number; totalBytes?: number }> = [];
    const path = await downloadHfModel("hf:o/r/tiny.gguf", dir, { baseUrl, onProgress: (p) => progress.push(p) });
    expect(path).toBe(join(dir, "tiny.gguf"));
    expect(path).toBe(hfModelDestination("hf:o/r/tiny.gguf", dir));
    expect(Buffer.from(await readFile(path)).equals(Buffer.from(MODEL))).toBe(true);
    expect(existsSync(`${path}.part`)).toBe(false);
    expect(progress.at(-1)).toEqual({ receivedBytes: MODEL.byteLength, totalBytes: MODEL.byteLength });
    expect(progress.length).toBeGreaterThanOrEqual(1);
    seen.length = 0;
    expect(await downloadHfModel("hf:o/r/tiny.gguf", dir, { baseUrl })).toBe(path);
    expect(seen).toEqual([]); // no network for a complete file
    expect(await listLocalModels(dir)).toEqual([{ file: "tiny.gguf", path, bytes: MODEL.byteLength, validGguf: true }]);
    await rm(dir, { recursive: true });
  });

  test("MILADY_HF_BASE_URL, sub folders and revisions", async () => {
    process.env.MILADY_HF_BASE_URL = baseUrl;
    try {
      const path = await downloadHfModel("hf:o/r/sub/tiny.gguf@v2", dir);
      expect(path).toBe(join(dir, "tiny.gguf"));
      expect(seen[0].path).toBe("/o/r/resolve/v2/sub/tiny.gguf");
    } finally {
      delete process.env.MILADY_HF_BASE_URL;
      await rm(dir, { recursive: true });
    }
  });

  test("an interrupted download leaves no file in place, then resumes with Range", async () => {
    cutNext = true;
    await expect(downloadHfModel("hf:o/r/tiny.gguf", dir, { baseUrl })).rejects.toThrow();
    const target = join(dir, "tiny.gguf");
    expect(existsSync(target)).toBe(false);
    const partial = (await stat(`${target}.part`)).size;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(MODEL.byteLength);
    expect(await listLocalModels(dir)).toEqual([]);
    const path = await downloadHfModel("hf:o/r/tiny.gguf", dir, { baseUrl });
    expect(seen.at(-1)?.range).toBe(`bytes=${partial}-`);
    expect(Buffer.from(await readFile(path)).equals(Buffer.from(MODEL))).toBe(true);
    expect(existsSync(`${target}.part`)).toBe(false);
    await rm(dir, { recursive: true });
  });

  test("an HTML page is rejected as not a GGUF and nothing is kept", async () => {
    await expect(downloadHfModel("hf:o/r/page.gguf", dir, { baseUrl })).rejects.toThrow(
      /is not a GGUF file \(it starts with "<!DOCTYPE html><"/,
    );
    expect(existsSync(join(dir, "page.gguf"))).toBe(false);
    expect(existsSync(join(dir, "page.gguf.part"))).toBe(false);
    await rm(dir, { recursive: true });
  });

  test("HTTP errors and cancellation say what to do", async () => {
    await expect(downloadHfModel("hf:o/r/none.gguf", dir, { baseUrl })).rejects.toThrow(
      /was not found on Hugging Face \(HTTP 404/,
    );
    await expect(downloadHfModel("hf:o/r/gated.gguf", dir, { baseUrl })).rejects.toThrow(/gated or private/);
    const controller = new AbortController();
    const pending = downloadHfModel("hf:o/r/tiny.gguf", dir, {
      baseUrl,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(pending).rejects.toThrow(/cancelled; run the same command again to resume/);
    expect(existsSync(join(dir, "tiny.gguf"))).toBe(false);
    await rm(dir, { recursive: true });
  });

  test("a file already there but not GGUF is replaced; the list flags invalid files", async () => {
    await writeFile(join(dir, "bad.gguf"), "not a model");
    await writeFile(join(dir, "tiny.gguf"), "junk");
    await writeFile(join(dir, "notes.txt"), "x");
    const before = await listLocalModels(dir);
    expect(before.map((m) => [m.file, m.validGguf])).toEqual([
      ["bad.gguf", false],
      ["tiny.gguf", false],
    ]);
    await downloadHfModel("hf:o/r/tiny.gguf", dir, { baseUrl });
    expect((await listLocalModels(dir)).map((m) => [m.file, m.validGguf])).toEqual([
      ["bad.gguf", false],
      ["tiny.gguf", true],
    ]);
    expect(await listLocalModels(join(dir, "missing"))).toEqual([]);
    await rm(dir, { recursive: true });
  });
});

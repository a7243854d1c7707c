import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { safeJoin } from "./static";
import { startTestServer, type TestServer } from "./testing/test-server";

let t: TestServer;
let outside: string;
const html = { accept: "text/html,application/xhtml+xml" };

beforeAll(async () => {
  outside = mkdtempSync(join(tmpdir(), "milady-static-"));
  const dist = join(outside, "dist");
  mkdirSync(join(dist, "assets"), { recursive: true });
  writeFileSync(join(dist, "index.html"), "<!doctype html><title>dash</title>");
  writeFileSync(join(dist, "assets", "app-1a2b.js"), "console.log(1)");
  writeFileSync(join(dist, "assets", "a.wasm"), new Uint8Array([0, 97, 115, 109]));
  writeFileSync(join(dist, "robot.vrm"), "glTF");
  writeFileSync(join(outside, "secret.txt"), "do not serve");
  t = await startTestServer({ staticDir: dist });
});
afterAll(async () => {
  await t.close();
  rmSync(outside, { recursive: true, force: true });
});

/** Sends a raw request line so the path reaches the server un-normalised (fetch would resolve `..`). */
async function rawGet(path: string): Promise<string> {
  const { port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    let text = "";
    Bun.connect({
      hostname: "127.0.0.1",
      port: Number(port),
      socket: {
        open(socket) {
          socket.write(
            `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/plain\r\nConnection: close\r\n\r\n`,
          );
        },
        data(_socket, data) {
          text += new TextDecoder().decode(data);
        },
        close() {
          resolve(text);
        },
        error(_socket, error) {
          reject(error);
        },
      },
    }).catch(reject);
  });
}

describe("static dashboard", () => {
  test("index.html with no-cache; hashed assets cached for a year; types for .js .wasm .vrm", async () => {
    const index = await fetch(`${t.url}/`);
    expect(await index.text()).toContain("dash");
    expect(index.headers.get("cache-control")).toBe("no-cache");
    const js = await fetch(`${t.url}/assets/app-1a2b.js`);
    expect(js.headers.get("cache-control")).toContain("immutable");
    expect(js.headers.get("content-type")).toContain("text/javascript");
    expect((await fetch(`${t.url}/assets/a.wasm`)).headers.get("content-type")).toBe("application/wasm");
    expect((await fetch(`${t.url}/robot.vrm`)).headers.get("content-type")).toBe("model/gltf-binary");
  });

  test("SPA fallback: an HTML navigation to a client route gets index.html; a missing asset 404s", async () => {
    const route = await fetch(`${t.url}/chat/123`, { headers: html });
    expect(route.status).toBe(200);
    expect(await route.text()).toContain("dash");
    expect((await fetch(`${t.url}/assets/missing.js`, { headers: html })).status).toBe(404);
    expect((await fetch(`${t.url}/nothing.png`, { headers: { accept: "image/*" } })).status).toBe(404);
  });

  test("non-GET on a static path -> 405", async () => {
    expect((await fetch(`${t.url}/index.html`, { method: "POST" })).status).toBe(405);
  });

  test("path traversal never leaves the static dir", async () => {
    for (const path of [
      "/../secret.txt",
      "/%2e%2e/secret.txt",
      "/assets/..%2f..%2fsecret.txt",
      "/..%5csecret.txt",
      "/%00",
    ]) {
      const text = await rawGet(path);
      expect(text).not.toContain("do not serve");
      expect(text.split("\r\n")[0]).toMatch(/ (400|404) /);
    }
  });

  test("safeJoin keeps paths inside the root", () => {
    expect(safeJoin("/srv/d", "/a/b.js")).toBe("/srv/d/a/b.js");
    expect(safeJoin("/srv/d", "/../x")).toBeUndefined();
    expect(safeJoin("/srv/d", "/%2e%2e/x")).toBeUndefined();
    expect(safeJoin("/srv/d", "/a/%2e%2e/%2e%2e/x")).toBeUndefined();
    expect(safeJoin("/srv/d", "/a%00")).toBeUndefined();
    expect(safeJoin("/srv/d", "/%E0%A4%A")).toBeUndefined();
  });

  test("without a built dashboard, a placeholder page says how to build it", async () => {
    const bare = await startTestServer({ staticDir: join(outside, "nope") });
    try {
      const page = await fetch(`${bare.url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("npm run build");
    } finally {
      await bare.close();
    }
  });
});

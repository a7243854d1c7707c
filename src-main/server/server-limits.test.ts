import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connect } from "node:net";
import { LogHub } from "../logging";
import { rawRequest, startTestServer, TEST_TOKEN, type TestServer, until } from "./testing/test-server";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ logs: new LogHub("warn") });
});
afterAll(() => t.close());

const host = () => new URL(t.url).host;

describe("limits and edge cases", () => {
  test("an avatar upload declaring more than 50 MB is refused from its Content-Length alone", async () => {
    const answer = await rawRequest(
      t.url,
      `POST /api/avatar HTTP/1.1\r\nHost: ${host()}\r\nAuthorization: Bearer ${TEST_TOKEN}\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: ${51 * 1024 * 1024}\r\nConnection: close\r\n\r\n`,
    );
    expect(answer.split("\r\n")[0]).toContain("413");
    expect(answer).toContain("payload_too_large");
  });

  test("POST /api/server/restart answers 202 then asks the app to restart; 404 when the app cannot", async () => {
    expect((await t.api("/api/server/restart", { method: "POST" })).status).toBe(404);
    let asked = 0;
    const app = await startTestServer({ requestRestart: () => asked++ });
    try {
      expect((await app.api("/api/server/restart", { method: "POST" })).status).toBe(202);
      await until(() => asked === 1, 5_000, "the restart request to reach the app");
    } finally {
      await app.close();
    }
  });

  test("HEAD on a GET route answers without a body", async () => {
    const response = await t.api("/api/health", { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
  });

  test("a log tail that disconnects stops listening", async () => {
    const listeners = (t.logs as unknown as { listeners: Set<unknown> }).listeners;
    const before = listeners.size;
    const response = await t.api("/api/logs");
    const reader = response.body!.getReader();
    await reader.read();
    expect(listeners.size).toBe(before + 1);
    await reader.cancel();
    await until(() => listeners.size === before, 10_000, "the tail to stop listening");
  });

  test("a WebSocket client that stops reading is dropped once it lags by several MB", async () => {
    const key = Buffer.from("0123456789abcdef").toString("base64");
    const socket = connect(Number(new URL(t.url).port), "127.0.0.1");
    let received = 0;
    let upgraded = false;
    const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.on("error", () => undefined);
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => {
      chunks.push(chunk as Buffer);
      received += (chunk as Buffer).byteLength;
      if (!upgraded && chunk.toString("latin1").startsWith("HTTP/1.1 101")) {
        upgraded = true;
        socket.pause(); // stop reading: the kernel buffers fill, then the server's
      }
    });
    socket.write(
      `GET /ws?token=${TEST_TOKEN} HTTP/1.1\r\nHost: ${host()}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    await until(() => upgraded, 10_000, "the WebSocket upgrade");
    // 40 MB of events: far past the 4 MB limit plus whatever the kernel buffers on loopback.
    const big = "x".repeat(256 * 1024);
    for (let i = 0; i < 160; i++) {
      t.server.events.publish("model_progress", { uri: "hf:a/b/c.gguf", file: big, receivedBytes: i, done: false });
      if (i % 20 === 0) await Bun.sleep(5);
    }
    socket.resume();
    await Promise.race([closed, Bun.sleep(10_000)]);
    expect(socket.destroyed || socket.readableEnded).toBe(true);
    expect(received).toBeLessThan(160 * 256 * 1024);
    // The documented close: a 1013 frame after what it had not read, and a line in the log saying why.
    expect(lastCloseCode(Buffer.concat(chunks))).toBe(1013);
    expect(t.logs.recent(50).some((l) => l.level === "warn" && l.msg.includes("too slow"))).toBe(true);
  });

  test("a request without a Host header gets a typed answer, not a 500", async () => {
    const answer = await rawRequest(t.url, "GET /api/nope HTTP/1.0\r\n\r\n");
    expect(answer.split("\r\n")[0]).toContain("401");
    expect(answer).toContain('"code":"unauthorized"');
    const health = await rawRequest(t.url, "GET /api/health HTTP/1.0\r\n\r\n");
    expect(health.split("\r\n")[0]).toContain("200");
  });

  test("?before= beyond any real date is a 400 naming the parameter", async () => {
    const { conversation } = (await (
      await t.api("/api/conversations", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })
    ).json()) as { conversation: { id: string } };
    for (const before of ["-99999999999999999999", "99999999999999999999", "1e400", "soon"]) {
      const response = await t.api(`/api/conversations/${conversation.id}/messages?before=${before}`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain("before");
    }
  });

  test("a 60-100 MB body gets Milady's typed 413 (not an empty one)", async () => {
    for (const mb of [60, 100]) {
      const answer = await rawRequest(
        t.url,
        `PATCH /api/config HTTP/1.1\r\nHost: ${host()}\r\nAuthorization: Bearer ${TEST_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${mb * 1024 * 1024}\r\nConnection: close\r\n\r\n{`,
      );
      expect(answer.split("\r\n")[0]).toContain("413");
      expect(answer).toContain('"code":"payload_too_large"');
    }
  });

  test("JSON nested a million levels deep is refused before parsing (no stack overflow, no 500)", async () => {
    const deep = `${"[".repeat(1_000_000)}${"]".repeat(1_000_000)}`;
    const response = await t.api("/api/config", {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: `{"config":${deep}}`,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain("nested more than 64");
    // Brackets inside strings are text, not nesting.
    const inString = await t.api("/api/config", {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ config: { ui: { theme: "dark" } }, note: "[".repeat(200) }),
    });
    expect(((await inString.json()) as { error: { message: string } }).error.message).not.toContain("nested");
  });
});

/** The status code of the last WebSocket close frame (opcode 8) in raw server bytes after the upgrade. */
function lastCloseCode(bytes: Buffer): number | undefined {
  let at = bytes.indexOf("\r\n\r\n") + 4;
  let code: number | undefined;
  while (at + 2 <= bytes.length) {
    const opcode = bytes[at]! & 0x0f;
    let length = bytes[at + 1]! & 0x7f;
    let header = 2;
    if (length === 126) {
      length = bytes.readUInt16BE(at + 2);
      header = 4;
    } else if (length === 127) {
      length = Number(bytes.readBigUInt64BE(at + 2));
      header = 10;
    }
    if (opcode === 8 && length >= 2) code = bytes.readUInt16BE(at + header);
    at += header + length;
  }
  return code;
}

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connect } from "node:net";
import { LogHub } from "../logging";
import { rawRequest, startTestServer, TEST_TOKEN, type TestServer } from "./testing/test-server";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ logs: new LogHub("error") });
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
      await Bun.sleep(100);
      expect(asked).toBe(1);
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
    for (let i = 0; i < 50 && listeners.size > before; i++) await Bun.sleep(10);
    expect(listeners.size).toBe(before);
  });

  test("a WebSocket client that stops reading is dropped once it lags by several MB", async () => {
    const key = Buffer.from("0123456789abcdef").toString("base64");
    const socket = connect(Number(new URL(t.url).port), "127.0.0.1");
    let received = 0;
    let upgraded = false;
    const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.on("error", () => undefined);
    socket.on("data", (chunk) => {
      received += (chunk as Buffer).byteLength;
      if (!upgraded && chunk.toString("latin1").startsWith("HTTP/1.1 101")) {
        upgraded = true;
        socket.pause(); // stop reading: the kernel buffers fill, then the server's
      }
    });
    socket.write(
      `GET /ws?token=${TEST_TOKEN} HTTP/1.1\r\nHost: ${host()}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    for (let i = 0; i < 100 && !upgraded; i++) await Bun.sleep(10);
    expect(upgraded).toBe(true);
    // 40 MB of events: far past the 4 MB limit plus whatever the kernel buffers on loopback.
    const big = "x".repeat(256 * 1024);
    for (let i = 0; i < 160; i++) {
      t.server.events.publish("model_progress", { uri: "hf:a/b/c.gguf", file: big, receivedBytes: i, done: false });
      if (i % 20 === 0) await Bun.sleep(5);
    }
    socket.resume();
    await Promise.race([closed, Bun.sleep(5000)]);
    expect(socket.destroyed || socket.readableEnded).toBe(true);
    expect(received).toBeLessThan(160 * 256 * 1024);
  });
});

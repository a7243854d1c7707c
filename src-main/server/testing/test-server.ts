/**
 * Shared helpers for the server tests. Everything is real (Bun.serve on 127.0.0.1
 * port 0, real HTTP and WebSocket, the real event bus and model-download service) except
 * the agent and the config store, which are the named doubles FakeAgentController
 * (agent-host/testing) and FakeConfigStore (config/testing).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ServerEvent } from "../../../src-shared/protocol";
import { FakeAgentController } from "../../agent-host/testing";
import { FakeConfigStore } from "../../config/testing";
import { createLogger, LogHub } from "../../logging";
import { type Downloader, ModelDownloads } from "../../models";
import { WS_BEARER_PREFIX, WS_PROTOCOL } from "../auth";
import { EventBus } from "../event-bus";
import { startServer } from "../server";
import type { RunningServer, ServerOptions } from "../types";

export { until } from "../../../test/support/until";
export { FakeAgentController } from "../../agent-host/testing";
export { FakeConfigStore } from "../../config/testing";

export interface TestServer {
  server: RunningServer;
  agent: FakeAgentController;
  config: FakeConfigStore;
  logs: LogHub;
  events: EventBus;
  dir: string;
  url: string;
  /** fetch against the server, with the token unless `auth: false`. */
  api(path: string, init?: RequestInit & { auth?: boolean }): Promise<Response>;
  close(): Promise<void>;
}

export const TEST_TOKEN = "test-token-0123456789abcdef";

export async function startTestServer(
  overrides: Partial<ServerOptions> & {
    configInitial?: Record<string, unknown>;
    logLevel?: "error" | "warn" | "info" | "debug";
    /** Model files the downloads service lists, and a scripted downloader (see fakeDownloader). */
    models?: { file: string; bytes: number }[];
  } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), "milady-server-test-"));
  const agent = (overrides.agent as FakeAgentController | undefined) ?? new FakeAgentController();
  const config = (overrides.config as FakeConfigStore | undefined) ?? new FakeConfigStore(dir, overrides.configInitial);
  // "error" keeps test output quiet; tests about logs ask for more.
  const logs = overrides.logs ?? new LogHub(overrides.logLevel ?? "error");
  const events = overrides.events ?? new EventBus();
  const { configInitial: _c, logLevel: _l, models, ...rest } = overrides;
  const downloads =
    overrides.downloads ??
    (models
      ? new ModelDownloads({
          modelsDir: join(dir, "models"),
          log: createLogger(logs, "models"),
          publish: (payload) => events.publish("model_progress", payload),
          downloader: fakeDownloader,
        })
      : undefined);
  if (models && downloads) writeModelFiles(join(dir, "models"), models);
  const server = await startServer({
    port: 0,
    bind: "127.0.0.1",
    loopback: true,
    version: "0.0.0-test",
    defaultAvatarFile: join(dir, "default.vrm"),
    token: TEST_TOKEN,
    strictContracts: true,
    ...rest,
    downloads,
    events,
    agent,
    config,
    logs,
  });
  return {
    server,
    agent,
    config,
    logs,
    events,
    dir,
    url: server.url,
    api(path, init = {}) {
      const { auth = true, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (auth && server && !headers.has("authorization")) headers.set("authorization", `Bearer ${TEST_TOKEN}`);
      return fetch(`${server.url}${path}`, { ...rest, headers });
    },
    async close() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** fakeDownloader — a test double of the hf: downloader: reports progress, then fails for URIs with "fail". */
export const fakeDownloader: Downloader = async (uri, modelsDir, options) => {
  options.onProgress?.({ receivedBytes: 10, totalBytes: 20 });
  await Bun.sleep(5);
  if (uri.includes("fail")) throw new Error("repository not found");
  return join(modelsDir, uri.split("/").pop() ?? "model.gguf");
};

/** Real GGUF headers (enough for the models list's check) of the given sizes. */
function writeModelFiles(modelsDir: string, files: { file: string; bytes: number }[]): void {
  mkdirSync(modelsDir, { recursive: true });
  for (const { file, bytes } of files) {
    const data = new Uint8Array(Math.max(bytes, 24));
    data.set([0x47, 0x47, 0x55, 0x46, 3, 0, 0, 0]); // "GGUF", version 3
    writeFileSync(join(modelsDir, file), data);
  }
}

/** A WebSocket client that collects parsed events and can wait for one. */
export interface WsClient {
  ws: WebSocket;
  events: ServerEvent[];
  protocol: string;
  next(predicate?: (event: ServerEvent) => boolean, timeoutMs?: number): Promise<ServerEvent>;
  send(message: unknown): void;
  close(): void;
}

export function connectWs(
  url: string,
  options: { query?: string; protocols?: string[]; token?: string | false } = {},
): Promise<WsClient> {
  const wsUrl = `${url.replace(/^http/, "ws")}/ws${options.query ? `?${options.query}` : ""}`;
  const protocols =
    options.protocols ??
    (options.token === false ? [WS_PROTOCOL] : [WS_PROTOCOL, `${WS_BEARER_PREFIX}${options.token ?? TEST_TOKEN}`]);
  const ws = new WebSocket(wsUrl, protocols);
  const events: ServerEvent[] = [];
  const waiters: { predicate: (e: ServerEvent) => boolean; resolve: (e: ServerEvent) => void; from: number }[] = [];
  let cursor = 0;
  ws.onmessage = (message) => {
    const event = JSON.parse(String(message.data)) as ServerEvent;
    events.push(event);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(event)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  };
  return new Promise((resolve, reject) => {
    ws.onerror = () => reject(new Error("websocket failed to connect"));
    ws.onclose = (event) => reject(new Error(`websocket closed: ${event.code}`));
    ws.onopen = () => {
      ws.onclose = null;
      resolve({
        ws,
        events,
        protocol: ws.protocol,
        // 10 s: a hang bound; an event a loaded machine delivers late is not a failure.
        next(predicate = () => true, timeoutMs = 10_000) {
          const found = events.slice(cursor).find(predicate);
          if (found) {
            cursor = events.indexOf(found) + 1;
            return Promise.resolve(found);
          }
          return new Promise((res, rej) => {
            const timer = setTimeout(() => rej(new Error("timed out waiting for a websocket event")), timeoutMs);
            waiters.push({
              predicate,
              from: cursor,
              resolve: (event) => {
                clearTimeout(timer);
                cursor = events.indexOf(event) + 1;
                res(event);
              },
            });
          });
        },
        send(message) {
          ws.send(JSON.stringify(message));
        },
        close() {
          ws.close();
        },
      });
    };
  });
}

/** Reads an SSE response into parsed `data:` payloads until the stream ends or `stop` says so. */
export async function readSse(
  response: Response,
  stop?: (data: unknown) => boolean,
  timeoutMs = 5000,
): Promise<unknown[]> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const out: unknown[] = [];
  let buffer = "";
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut = buffer.indexOf("\n\n");
    while (cut >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const data = block
        .split("\n")
        .filter((l) => l.startsWith("data: "))
        .map((l) => l.slice(6))
        .join("\n");
      if (data) {
        const parsed = JSON.parse(data);
        out.push(parsed);
        if (stop?.(parsed)) {
          await reader.cancel();
          return out;
        }
      }
      cut = buffer.indexOf("\n\n");
    }
  }
  return out;
}

/** A small valid VRM 1.0 container (GLB with VRMC_vrm) — structure only, enough for the server's check. */
export { buildGlb } from "../routes/vrm";

/**
 * Sends raw bytes over TCP and returns the raw answer: for paths fetch would normalise and headers it would fix.
 * Returns when the server closes (the requests say Connection: close or HTTP/1.0); `timeoutMs` is a hang bound.
 */
export async function rawRequest(url: string, request: string, timeoutMs = 10_000): Promise<string> {
  const { port } = new URL(url);
  const net = await import("node:net");
  return new Promise((resolve, reject) => {
    let text = "";
    const socket = net.connect(Number(port), "127.0.0.1", () => socket.write(request));
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(text);
    }, timeoutMs);
    socket.on("data", (chunk) => {
      text += chunk.toString("latin1");
    });
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(text);
    });
    socket.on("error", (error) => {
      clearTimeout(timer);
      if (text) resolve(text);
      else reject(error);
    });
  });
}

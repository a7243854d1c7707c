/**
 * Import FIRST in component tests, then load @testing-library/react with a
 * dynamic `await import()`: react-dom decides at import time whether a DOM
 * exists, and Bun evaluates CommonJS dependencies before ESM module bodies. Networking globals stay Bun's own so components talk real HTTP
 * to the scripted server (happy-dom's fetch would apply browser CORS rules).
 */
import { afterAll, beforeAll } from "bun:test";
import { GlobalRegistrator } from "@happy-dom/global-registrator";

const native = {
  fetch: globalThis.fetch,
  Request: globalThis.Request,
  Response: globalThis.Response,
  Headers: globalThis.Headers,
  ReadableStream: globalThis.ReadableStream,
  WebSocket: globalThis.WebSocket,
  AbortController: globalThis.AbortController,
  AbortSignal: globalThis.AbortSignal,
  TextDecoder: globalThis.TextDecoder,
  TextEncoder: globalThis.TextEncoder,
  // React's scheduler captures timers and MessageChannel at import; happy-dom's die with their window
  // when a test file unregisters it, which would freeze React in every later test file.
  setTimeout: globalThis.setTimeout,
  clearTimeout: globalThis.clearTimeout,
  setInterval: globalThis.setInterval,
  clearInterval: globalThis.clearInterval,
  setImmediate: globalThis.setImmediate,
  queueMicrotask: globalThis.queueMicrotask,
  MessageChannel: globalThis.MessageChannel,
};

export function installDom(): void {
  if (!GlobalRegistrator.isRegistered)
    GlobalRegistrator.register({ url: "http://127.0.0.1:2138/", width: 1280, height: 800 });
  Object.assign(globalThis, native);
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
}

/** Call once per test file so other suites in the same `bun test` process get a clean global scope. */
export function domForThisFile(): void {
  installDom();
  beforeAll(async () => {
    // findBy*/waitFor give up after 1 s by default: on a loaded 2-core CI machine a server round
    // trip plus a render can take longer, which is slowness, not a failure.
    const { configure } = await import("@testing-library/react");
    configure({ asyncUtilTimeout: 10_000 });
  });
  afterAll(async () => {
    // Let React's already-scheduled passive effects run while `window` still exists;
    // otherwise they throw "window is not defined" into the next file (seen 1-2 times in 4 runs).
    await new Promise((r) => setTimeout(r, 50));
    // Unmount what this file rendered while its document still exists: testing-library's list of
    // mounted trees is shared by every file in the process, and the next file's cleanup() would
    // otherwise try to remove nodes from a document that is gone ("not a child of this node").
    const { cleanup } = await import("@testing-library/react");
    cleanup();
    if (GlobalRegistrator.isRegistered) await GlobalRegistrator.unregister();
  });
}

installDom();

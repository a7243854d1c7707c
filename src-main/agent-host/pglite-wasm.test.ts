import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGLITE_WASM_HANDOFF } from "../../src-shared/protocol";
import { sharedPgliteWasm } from "./pglite-wasm";
import { createWorkerTransport } from "./worker-transport";

// A real Worker that reports what it received, in order: a compiled Module shows as "module".
const dir = mkdtempSync(join(tmpdir(), "milady-wasm-handoff-"));
const entry = join(dir, "echo-worker.js");
writeFileSync(
  entry,
  `self.onmessage = (e) => {
    const d = e.data;
    const handed = d && typeof d === "object" && ${JSON.stringify(PGLITE_WASM_HANDOFF)} in d ? d[${JSON.stringify(PGLITE_WASM_HANDOFF)}] : undefined;
    self.postMessage(handed instanceof WebAssembly.Module ? "module" : handed === undefined ? d.type : String(handed));
  };`,
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function received(transport: ReturnType<typeof createWorkerTransport>, count: number): Promise<unknown[]> {
  const seen: unknown[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`received only ${JSON.stringify(seen)}`)), 20_000);
    transport.onMessage((message) => {
      seen.push(message);
      if (seen.length === count) {
        clearTimeout(timer);
        resolve(seen);
      }
    });
  });
}

describe("main's PGlite wasm for a Worker agent", () => {
  test("is compiled once per process and kept for the next start", async () => {
    const first = sharedPgliteWasm();
    expect(sharedPgliteWasm()).toBe(first);
    expect(await first).toBeInstanceOf(WebAssembly.Module);
  }, 30_000);

  test("the worker hears 'coming' before anything main sends next, then gets the module itself", async () => {
    // A module that is not ready yet: init goes out between the two handoff messages.
    let release: (m: WebAssembly.Module | undefined) => void = () => {};
    const later = new Promise<WebAssembly.Module | undefined>((resolve) => {
      release = resolve;
    });
    const transport = createWorkerTransport(entry, { pgliteWasm: later });
    try {
      const order = received(transport, 3);
      transport.send({ type: "request", id: "r1", channel: "agent", method: "status", params: {} });
      release(await sharedPgliteWasm());
      expect(await order).toEqual(["coming", "request", "module"]);
    } finally {
      await transport.terminate();
    }
  }, 30_000);

  test("a failed compile is sent as null (the agent then compiles its own); without a module (PostgreSQL) nothing is sent", async () => {
    const failed = createWorkerTransport(entry, { pgliteWasm: Promise.resolve(undefined) });
    const none = createWorkerTransport(entry);
    try {
      expect(await received(failed, 2)).toEqual(["coming", "null"]);
      const noneOrder = received(none, 1);
      none.send({ type: "request", id: "r1", channel: "agent", method: "status", params: {} });
      expect(await noneOrder).toEqual(["request"]);
    } finally {
      await failed.terminate();
      await none.terminate();
    }
  }, 30_000);
});

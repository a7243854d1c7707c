import { readFile } from "node:fs/promises";
import { PGLITE_WASM_HANDOFF, type PgliteWasmHandoff } from "../../src-shared/protocol";

/**
 * PGlite's wasm, compiled by main for a Worker agent (src-shared/protocol/pglite-wasm-handoff.ts).
 *
 * In the agent the compile (~175 ms of CPU for ~9 MB) began only after the worker had loaded its
 * code and received `init`, and PGlite's open waited for it. Main compiles while the new worker
 * loads, so the module is there when the agent opens its database (existing database:
 * start -> ready ~70-120 ms sooner here). It is compiled once per process and kept: a Module is
 * shared between threads, not copied, so it costs nothing extra while the agent runs, and an
 * agent restart (a plugin change, a crash) does not compile it again.
 *
 * A failure changes nothing: the agent is told `null` and compiles the wasm itself.
 */
let compiled: Promise<WebAssembly.Module | undefined> | undefined;

export function sharedPgliteWasm(): Promise<WebAssembly.Module | undefined> {
  compiled ??= Promise.resolve()
    .then(() => readFile(new URL("./pglite.wasm", import.meta.resolve("@electric-sql/pglite"))))
    .then((bytes) => WebAssembly.compile(bytes))
    .catch(() => undefined);
  return compiled;
}

/** Tells a new worker the module is coming (before `init`, so it does not compile its own), then sends it. */
export function handOffPgliteWasm(worker: Worker, module: Promise<WebAssembly.Module | undefined>): void {
  post(worker, { [PGLITE_WASM_HANDOFF]: "coming" });
  void module.then((compiledModule) => post(worker, { [PGLITE_WASM_HANDOFF]: compiledModule ?? null }));
}

function post(worker: Worker, message: PgliteWasmHandoff): void {
  try {
    worker.postMessage(message);
  } catch {
    // The worker was terminated meanwhile: nothing waits for the module.
  }
}

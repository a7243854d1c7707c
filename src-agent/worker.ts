/**
 * Entry of the agent as a Bun Worker: `new Worker(new URL("src-agent/worker.ts", ...))`.
 * Everything else is in the shared host loop; this file only adapts the transport, and takes
 * the PGlite wasm main may hand over outside the envelope (pglite-wasm-handoff.ts).
 */
import { isPgliteWasmHandoff, PGLITE_WASM_HANDOFF } from "../src-shared/protocol";
import { runHostLoop } from "./host";
import { expectPgliteWasmFromMain, receivePgliteWasmFromMain } from "./runtime/pglite-wasm";

declare const self: Worker;

runHostLoop({
  kind: "worker",
  post: (msg) => self.postMessage(msg),
  onMessage: (fn) => {
    self.onmessage = (event: MessageEvent) => {
      const data = event.data;
      if (!isPgliteWasmHandoff(data)) return fn(data);
      const handed = data[PGLITE_WASM_HANDOFF];
      if (handed === "coming") expectPgliteWasmFromMain();
      else receivePgliteWasmFromMain(handed);
    };
  },
  // Ends this worker only; main sees the worker's `close` event after `stopped`.
  exit: (code) => setTimeout(() => process.exit(code), 50),
});

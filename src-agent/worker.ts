/**
 * Entry of the agent as a Bun Worker: `new Worker(new URL("src-agent/worker.ts", ...))`.
 * Everything else is in the shared host loop; this file only adapts the transport.
 */
import { runHostLoop } from "./host";

declare const self: Worker;

runHostLoop({
  kind: "worker",
  post: (msg) => self.postMessage(msg),
  onMessage: (fn) => {
    self.onmessage = (event: MessageEvent) => fn(event.data);
  },
  // Ends this worker only; main sees the worker's `close` event after `stopped`.
  exit: (code) => setTimeout(() => process.exit(code), 50),
});

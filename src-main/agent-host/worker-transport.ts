import type { HostToAgent } from "../../src-shared/protocol";
import { handOffPgliteWasm } from "./pglite-wasm";
import type { AgentTransport } from "./transport";

export interface WorkerTransportOptions {
  /** The agent will open PGlite: main's compiled wasm for it (pglite-wasm.ts). */
  pgliteWasm?: Promise<WebAssembly.Module | undefined>;
}

/** Runs the agent in a Bun Worker: fastest start, but a native abort takes the whole process down. */
export function createWorkerTransport(entry: string, options: WorkerTransportOptions = {}): AgentTransport {
  const worker = new Worker(entry);
  if (options.pgliteWasm) handOffPgliteWasm(worker, options.pgliteWasm);
  const exitListeners: Array<(reason: string) => void> = [];
  let exited = false;
  let resolveGone: () => void;
  const gone = new Promise<void>((resolve) => {
    resolveGone = resolve;
  });
  const exit = (reason: string) => {
    if (exited) return;
    exited = true;
    resolveGone();
    for (const listener of exitListeners) listener(reason);
  };
  worker.addEventListener("error", (event) => {
    const message = (event as ErrorEvent).message || "uncaught error";
    exit(`worker error: ${message}`);
    worker.terminate();
  });
  worker.addEventListener("close", (event) => {
    const code = (event as CloseEvent & { code?: number }).code;
    exit(`worker exited${code !== undefined ? ` with code ${code}` : ""}`);
  });
  return {
    kind: "worker",
    send: (message: HostToAgent) => {
      if (!exited) worker.postMessage(message);
    },
    onMessage: (listener) => worker.addEventListener("message", (event) => listener((event as MessageEvent).data)),
    onExit: (listener) => {
      exitListeners.push(listener);
    },
    terminate: async () => {
      if (exited) return;
      worker.terminate();
      await Promise.race([gone, Bun.sleep(2000)]);
      exit("terminated");
    },
  };
}

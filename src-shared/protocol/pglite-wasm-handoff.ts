/**
 * PGlite's wasm handed from main to a Worker agent, outside the host envelope (a compiled
 * WebAssembly.Module crosses postMessage, not a child process's IPC). Main compiles it while the
 * new worker loads its code (src-main/agent-host/pglite-wasm.ts): the compile, ~175 ms that the
 * agent's database open waited for, is then done or nearly done when the agent needs it.
 *
 * Two messages, in order: `"coming"` right after the Worker is created, before `init` (so the
 * agent waits for main's module instead of compiling its own), then the module, or `null` if
 * main's compile failed (the agent then compiles it itself).
 */
export const PGLITE_WASM_HANDOFF = "milady.pgliteWasm";

export interface PgliteWasmHandoff {
  [PGLITE_WASM_HANDOFF]: "coming" | WebAssembly.Module | null;
}

export function isPgliteWasmHandoff(data: unknown): data is PgliteWasmHandoff {
  return typeof data === "object" && data !== null && PGLITE_WASM_HANDOFF in data;
}

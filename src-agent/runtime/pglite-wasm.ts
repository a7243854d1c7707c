import { readFile } from "node:fs/promises";

/**
 * PGlite's wasm (~9 MB), compiled once per agent process. The host loop opens PGlite before it
 * imports elizaOS (pglite-start.ts, prepareOnPglite), so the compile runs on the engine's own
 * threads while the runtime's modules load; data-dir retries reuse the module.
 * A failure here changes nothing: PGlite compiles the wasm itself (undefined).
 *
 * An agent in a Worker gets the module from main instead: main compiles it while the worker
 * loads its code, and keeps it for the next start (src-shared/protocol/pglite-wasm-handoff.ts).
 */
let compiled: Promise<WebAssembly.Module | undefined> | undefined;
let fromMain: ((module: WebAssembly.Module | undefined) => void) | undefined;
/** Where this process's module came from, for the start-up's debug line. */
let origin = "not compiled yet";

/** If main's module does not arrive within this, the agent compiles its own (a safety net, not a path). */
const HANDOFF_BOUND_MS = 30_000;

export function precompilePgliteWasm(): Promise<WebAssembly.Module | undefined> {
  compiled ??= compileHere("compiled by the agent");
  return compiled;
}

export function pgliteWasmOrigin(): string {
  return origin;
}

function compileHere(why: string): Promise<WebAssembly.Module | undefined> {
  origin = why;
  return readFile(new URL("./pglite.wasm", import.meta.resolve("@electric-sql/pglite")))
    .then((bytes) => WebAssembly.compile(bytes))
    .catch(() => undefined);
}

/** Main said its module is coming: wait for it rather than compile the same bytes twice. */
export function expectPgliteWasmFromMain(): void {
  if (compiled) return;
  const asked = performance.now();
  const arrived = new Promise<WebAssembly.Module | undefined>((resolve) => {
    fromMain = resolve;
    setTimeout(() => resolve(undefined), HANDOFF_BOUND_MS).unref?.();
  });
  compiled = arrived.then((module) => {
    if (!module) return compileHere("compiled by the agent (main sent none)");
    origin = `from main (${Math.round(performance.now() - asked)} ms after the worker began)`;
    return module;
  });
}

export function receivePgliteWasmFromMain(module: unknown): void {
  fromMain?.(module instanceof WebAssembly.Module ? module : undefined);
  fromMain = undefined;
}

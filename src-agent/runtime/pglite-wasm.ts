import { readFile } from "node:fs/promises";

/**
 * PGlite's wasm (~9 MB), compiled once per agent process. The host loop opens PGlite before it
 * imports elizaOS (pglite-start.ts, prepareOnPglite), so the compile runs on the engine's own
 * threads while the runtime's modules load; data-dir retries reuse the module.
 * A failure here changes nothing: PGlite compiles the wasm itself (undefined).
 */
let compiled: Promise<WebAssembly.Module | undefined> | undefined;

export function precompilePgliteWasm(): Promise<WebAssembly.Module | undefined> {
  compiled ??= readFile(new URL("./pglite.wasm", import.meta.resolve("@electric-sql/pglite")))
    .then((bytes) => WebAssembly.compile(bytes))
    .catch(() => undefined);
  return compiled;
}

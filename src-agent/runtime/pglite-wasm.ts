import { readFile } from "node:fs/promises";

/**
 * PGlite's wasm (~9 MB), compiled once per agent process, from the moment the agent's Worker
 * (or child process) loads: PGlite would otherwise read and compile it only when the database
 * opens, after elizaOS is imported. The compile runs on the engine's own threads while main
 * finishes its start and the runtime's modules load; `createPglite` then only instantiates it.
 * A failure here changes nothing: PGlite compiles the wasm itself (undefined).
 */
let compiled: Promise<WebAssembly.Module | undefined> | undefined;

export function precompilePgliteWasm(): Promise<WebAssembly.Module | undefined> {
  compiled ??= readFile(new URL("./pglite.wasm", import.meta.resolve("@electric-sql/pglite")))
    .then((bytes) => WebAssembly.compile(bytes))
    .catch(() => undefined);
  return compiled;
}

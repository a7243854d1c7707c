/**
 * PGlite 0.3.8 hands each protocol message to its wasm Postgres through files named
 * `/tmp/pglite/base/.s.PGSQL.5432.*` inside the data directory. With a data dir on disk
 * (NodeFS) the wasm side opens and truncates `.s.PGSQL.5432.lock.out` on every message: about
 * six real open + truncate syscalls per SQL statement, ~10% of a DM turn's CPU in our profile
 * (test/bench/README.md). These files only carry the message in flight, never data, so they are
 * moved to an in-memory folder of PGlite's own file system: every path lookup (open, stat,
 * rename, unlink, truncate all go through `FS.lookupPath`) for one of those names is pointed at
 * the same name in `/tmp/pglite-wire`. Drop this when PGlite stops using files for the wire.
 */

const DATA_DIR = "/tmp/pglite/base/";
const WIRE_PREFIX = `${DATA_DIR}.s.PGSQL.5432.`;
const MEMORY_DIR = "/tmp/pglite-wire";

export interface EmscriptenFs {
  lookupPath: (path: string, options?: object) => unknown;
  mkdir: (path: string) => unknown;
  analyzePath: (path: string) => { exists: boolean };
}

const patched = new WeakSet<object>();

/**
 * `fs` is a PGlite's Emscripten `FS`; createPglite (pglite-memory.ts) calls this when the wasm
 * runtime is up, before Postgres starts, so no message of any start goes through the disk.
 * False when it is not one, or already done.
 */
export function keepWireFilesInMemory(fs: EmscriptenFs | undefined): boolean {
  if (!fs || typeof fs.lookupPath !== "function" || patched.has(fs)) return false;
  // Only the data dir is on disk: `/tmp` itself is PGlite's in-memory file system.
  if (!fs.analyzePath(MEMORY_DIR).exists) fs.mkdir(MEMORY_DIR);
  const lookupPath = fs.lookupPath.bind(fs);
  fs.lookupPath = (path, options) =>
    lookupPath(
      typeof path === "string" && path.startsWith(WIRE_PREFIX) ? `${MEMORY_DIR}/${path.slice(DATA_DIR.length)}` : path,
      options,
    );
  patched.add(fs);
  return true;
}

import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { fuzzystrmatch } from "@electric-sql/pglite/contrib/fuzzystrmatch";
import { vector } from "@electric-sql/pglite/vector";
import { precompilePgliteWasm } from "./pglite-wasm";
import { type EmscriptenFs, keepWireFilesInMemory } from "./pglite-wire-files";

/**
 * PGlite's memory, sized on purpose.
 *
 * PGlite 0.3.8 starts its backend with `-c shared_buffers=128MB` compiled into the wasm
 * (WASM_PGOPTS, source "command line", so neither postgresql.conf nor ALTER SYSTEM can lower
 * it), and Emscripten zeroes the "shared memory" it hands out: all 128 MB are resident from the
 * first query and wasm memory never shrinks. Measured on Milady's migrated database: wasm heap
 * 188 MB and ~147 MB resident with 128MB, 49 MB and ~33 MB with 16MB, 40 MB and ~25 MB with 8MB.
 *
 * Milady's database is small (a chat turn touches a few MB; knowledge vectors are searched in
 * memory by the knowledge module, not in SQL), and a page not in shared buffers is read from the
 * OS page cache through the file system, so 8MB costs no turn time; the knowledge bench (61k
 * chunks written and searched) passes with it. The option strings are
 * NUL-terminated constants in the wasm's data segment: the one below is rewritten in place
 * before `main` runs. If a PGlite upgrade moves it, nothing is changed (pglite-memory.test.ts
 * then fails on `SHOW shared_buffers`).
 */
export const SHARED_BUFFERS = "8MB";
const BUILT_IN = "shared_buffers=128MB";

/**
 * MILADY_PGLITE_SHARED_BUFFERS (e.g. 64MB for a database of many GB) overrides the size; it must
 * fit in the place of "128MB" (at most 5 characters), anything else keeps the default.
 */
export function sharedBuffersSize(env: Record<string, string | undefined> = process.env): string {
  const wanted = env.MILADY_PGLITE_SHARED_BUFFERS?.trim();
  return wanted && /^[1-9]\d{0,2}(kB|MB|GB)$/.test(wanted) && wanted.length <= 5 ? wanted : SHARED_BUFFERS;
}

/** The wasm heap's bytes (`HEAPU8`) and the file system (`FS`) of the Emscripten module. */
interface EmscriptenModule {
  HEAPU8: Uint8Array;
  FS?: EmscriptenFs;
}

/** Rewrites the NUL-terminated `from` to `to` (not longer) in `heap`; false when `from` is not there once. */
export function rewriteCString(heap: Uint8Array, from: string, to: string): boolean {
  if (to.length > from.length) throw new Error(`"${to}" is longer than "${from}"`);
  const bytes = Buffer.from(heap.buffer, heap.byteOffset, heap.byteLength);
  const needle = Buffer.from(`\0${from}\0`);
  const at = bytes.indexOf(needle);
  if (at < 0 || bytes.indexOf(needle, at + 1) >= 0) return false;
  bytes.fill(0, at + 1, at + 1 + from.length);
  bytes.write(to, at + 1, "latin1");
  return true;
}

/**
 * A PGlite "extension" that adds no SQL: once the wasm runtime is up, before Postgres's main()
 * reads its options, it sets the shared buffers and moves the per-message wire files to memory
 * (pglite-wire-files.ts).
 */
export function startupOptions(size = sharedBuffersSize()) {
  return {
    name: "milady-startup-options",
    setup: async (_pg: unknown, emscriptenOpts: Record<string, unknown>) => {
      const before = emscriptenOpts.onRuntimeInitialized as (() => void) | undefined;
      return {
        emscriptenOpts: {
          ...emscriptenOpts,
          // After the data segment is in memory, before main() reads the options.
          onRuntimeInitialized(this: EmscriptenModule) {
            rewriteCString(this.HEAPU8, BUILT_IN, `shared_buffers=${size}`);
            keepWireFilesInMemory(this.FS);
            before?.call(this);
          },
        },
      };
    },
  };
}

/**
 * A PGlite with the extensions plugin-sql loads (vector, fuzzystrmatch) and Milady's start-up
 * options; `wasmModule` is PGlite's wasm already compiled (pglite-wasm.ts).
 */
export function createPglite(dataDir: string, wasmModule?: WebAssembly.Module): PGlite {
  // PGlite makes its data dir with a plain mkdir: a new database in a folder whose parent is not
  // there yet (<state>/workspace/.eliza on a first run without the template) failed with ENOENT
  // whenever PGlite got there before plugin-sql's own recursive mkdir.
  mkdirSync(dirname(dataDir), { recursive: true });
  return new PGlite({
    dataDir,
    ...(wasmModule ? { wasmModule } : {}),
    extensions: { vector, fuzzystrmatch, miladyStartup: startupOptions() },
  });
}

const SINGLETONS = Symbol.for("@elizaos/plugin-sql/global-singletons");

/** What plugin-sql's PgliteDatabaseAdapter calls on its manager (PGliteClientManager, not exported). */
class PgliteManager {
  private shuttingDown = false;
  constructor(private readonly client: PGlite) {
    // The open may fail before plugin-sql's first query awaits it (that query still gets the error).
    client.waitReady.catch(() => {});
  }
  getConnection(): PGlite {
    return this.client;
  }
  isShuttingDown(): boolean {
    return this.shuttingDown;
  }
  async initialize(): Promise<void> {}
  async close(): Promise<void> {
    this.shuttingDown = true;
    await this.client.close().catch(() => {});
  }
}

/**
 * plugin-sql opens PGlite itself (`new PGlite({dataDir})`, no memory options) unless its
 * process-wide manager is already set; setting it first is how Milady's options reach it.
 * Called before each boot attempt (a failed one clears it: resetPgliteSingleton), the first time
 * before elizaOS is imported (prepareOnPglite): PGlite starts opening the folder at once.
 */
export async function providePgliteClient(dataDir: string): Promise<void> {
  const wasmModule = await precompilePgliteWasm();
  const g = globalThis as unknown as Record<symbol, { pgLiteClientManager?: unknown } | undefined>;
  g[SINGLETONS] ??= {};
  const singletons = g[SINGLETONS] as { pgLiteClientManager?: unknown };
  singletons.pgLiteClientManager ??= new PgliteManager(createPglite(dataDir, wasmModule));
}

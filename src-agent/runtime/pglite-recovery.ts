import { existsSync, renameSync } from "node:fs";

/**
 * Error texts of a damaged PGlite data directory, as seen on this machine (Bun 1.4.4,
 * PGlite 0.3.8: garbage in the files gives "PGlite failed to initialize properly" or
 * JSC's "Unreachable code should not be executed") and as PostgreSQL/V8 word them.
 */
const CORRUPTION_PATTERNS: RegExp[] = [
  /PGlite failed to initialize/i,
  /Unreachable code should not be executed/i,
  /RuntimeError:?\s*unreachable/i,
  /\bAborted\(/,
  /\bPANIC\b/,
  /invalid page/i,
  /could not read block/i,
  /could not read file/i,
  /database files are incompatible/i,
  /invalid (primary )?checkpoint record/i,
  /could not locate a valid checkpoint record/i,
  /invalid magic number/i,
  /incorrect checksum/i,
  /invalid memory alloc request/i,
  /is not a valid data directory/i,
];

function describe(err: unknown, depth = 0): string {
  if (!err || depth > 4) return "";
  if (typeof err !== "object") return String(err);
  const e = err as { name?: string; message?: string; cause?: unknown };
  return `${e.name ?? ""}: ${e.message ?? ""}\n${describe(e.cause, depth + 1)}`;
}

export function isPgliteCorruption(err: unknown): boolean {
  const text = describe(err);
  return CORRUPTION_PATTERNS.some((re) => re.test(text));
}

/** Moves a damaged data dir aside (never deletes it) and returns where it went. */
export function moveCorruptDataDir(dataDir: string, now = new Date()): string | undefined {
  if (!existsSync(dataDir)) return undefined;
  const stamp = now.toISOString().replace(/[:.]/g, "-");
  let target = `${dataDir}.corrupt-${stamp}`;
  for (let i = 1; existsSync(target); i++) target = `${dataDir}.corrupt-${stamp}-${i}`;
  renameSync(dataDir, target);
  return target;
}

const SINGLETONS = Symbol.for("@elizaos/plugin-sql/global-singletons");

/**
 * plugin-sql keeps one PGlite client per process; after a failed open it would hand the
 * dead client to the retry. Close and forget it so the retry opens the fresh directory.
 */
export async function resetPgliteSingleton(): Promise<void> {
  const g = (globalThis as Record<symbol, { pgLiteClientManager?: { close(): Promise<void> } } | undefined>)[
    SINGLETONS
  ];
  const manager = g?.pgLiteClientManager;
  if (!g || !manager) return;
  g.pgLiteClientManager = undefined;
  await manager.close().catch(() => {});
}

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CORE } from "./core-link";
import { entryFile } from "./plugin-dirs";

/**
 * Skew by name, read from the files (nothing is imported into main): which names a plugin's ESM
 * entry imports from @elizaos/core that Milady's core does not export. A peer range of `*`
 * says nothing (`@elizaos/plugin-mcp@1.8.2` declares `*` yet imports `getRequestContext`, which
 * core 1.7.2 lacks); the import list says exactly what will fail at load.
 */

const EXPORT_BLOCK = /^export\s*\{([^}]*)\}/gm;
const EXPORT_DECL = /^export\s+(?:async\s+)?(?:const|let|var|function\*?|class)\s+([A-Za-z_$][\w$]*)/gm;
const CORE_IMPORT = /import\s*\{([^}]*)\}\s*from\s*["']@elizaos\/core(?:\/node)?["']/g;

function names(list: string, pickAlias: boolean): string[] {
  return list
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part && !part.startsWith("type "))
    .map((part) => {
      const [name, alias] = part.split(/\s+as\s+/);
      return ((pickAlias ? (alias ?? name) : name) ?? "").trim();
    })
    .filter(Boolean);
}

/** The names Milady's core exports (its node entry), or undefined when the file cannot be read. */
export function coreExports(coreDir: string): Set<string> | undefined {
  const entry = join(coreDir, "dist", "node", "index.node.js");
  const fallback = join(coreDir, "dist", "index.js");
  const file = existsSync(entry) ? entry : existsSync(fallback) ? fallback : undefined;
  if (!file) return undefined;
  const text = readFileSync(file, "utf8");
  const out = new Set<string>();
  for (const match of text.matchAll(EXPORT_BLOCK)) for (const name of names(match[1] ?? "", true)) out.add(name);
  for (const match of text.matchAll(EXPORT_DECL)) if (match[1]) out.add(match[1]);
  return out.size > 0 ? out : undefined;
}

/** Names the plugin's entry imports from core (the ESM entry only; a CommonJS build is not read). */
export function importsFromCore(entryFile: string): string[] {
  if (!existsSync(entryFile)) return [];
  const text = readFileSync(entryFile, "utf8");
  const out = new Set<string>();
  for (const match of text.matchAll(CORE_IMPORT)) for (const name of names(match[1] ?? "", false)) out.add(name);
  return [...out];
}

/** "X imports a, b from @elizaos/core, which Milady's 1.7.2 does not export", or undefined. */
export function missingCoreImports(
  name: string,
  entryFile: string | undefined,
  core: { dir: string; version: string },
): string | undefined {
  if (!entryFile) return undefined;
  const exported = coreExports(core.dir);
  if (!exported) return undefined;
  const missing = importsFromCore(entryFile).filter((imported) => !exported.has(imported));
  if (missing.length === 0) return undefined;
  return `${name} imports ${missing.join(", ")} from ${CORE}, which Milady's ${core.version} does not export: it will fail to load (an older version of the plugin may work)`;
}

/** The ESM file `import` of the package in `dir` would load (exports ".", then module, main, index.js). */
export function packageEntry(
  dir: string,
  pkg: { exports?: unknown; module?: string; main?: string } | undefined,
): string | undefined {
  // The resolver's own lookup: the file the agent will really import.
  return entryFile(dir, (pkg ?? {}) as Record<string, unknown>);
}

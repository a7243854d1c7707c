import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** What a plugin's package.json says, or why it could not be read. */
export interface PackageInfo {
  name?: string;
  version?: string;
  description?: string;
  json?: Record<string, unknown>;
  problem?: string;
}

/** A plugin found in a directory (ejected/, custom/, a load path), or the problem with it. */
export interface DirPlugin {
  name: string;
  dir: string;
  /** Absolute path of the file the agent imports. */
  entry?: string;
  version?: string;
  description?: string;
  problem?: string;
}

const errText = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function readPackage(dir: string): PackageInfo {
  const file = join(dir, "package.json");
  if (!existsSync(file)) return {};
  try {
    const json = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    if (!json || typeof json !== "object" || Array.isArray(json)) return { problem: `${file} is not a JSON object` };
    const str = (k: string) => (typeof json[k] === "string" ? (json[k] as string) : undefined);
    return { name: str("name"), version: str("version"), description: str("description"), json };
  } catch (err) {
    return { problem: `cannot read ${file}: ${errText(err)}` };
  }
}

/** Conditions in the order Bun would pick them for an import. */
const CONDITIONS = ["bun", "import", "node", "module", "default", "require"];

function pickExport(target: unknown): string | undefined {
  if (typeof target === "string") return target;
  if (Array.isArray(target)) {
    for (const t of target) {
      const hit = pickExport(t);
      if (hit) return hit;
    }
    return undefined;
  }
  if (!target || typeof target !== "object") return undefined;
  const map = target as Record<string, unknown>;
  if ("." in map) return pickExport(map["."]);
  for (const c of CONDITIONS) {
    if (c in map) {
      const hit = pickExport(map[c]);
      if (hit) return hit;
    }
  }
  return undefined;
}

const INDEX_FILES = ["index.js", "index.mjs", "index.cjs", "index.ts"];

/** The entry file from package.json `exports`, `module` or `main`, else index.{js,mjs,cjs,ts}; undefined when none exists. */
export function entryFile(dir: string, json: Record<string, unknown> = {}): string | undefined {
  const declared = [pickExport(json.exports), json.module, json.main].filter(
    (v): v is string => typeof v === "string" && v.length > 0,
  );
  for (const rel of declared) {
    const file = resolve(dir, rel);
    if (existsSync(file) && statSync(file).isFile()) return file;
    for (const ext of [".js", ".mjs", ".cjs", ".ts"]) if (existsSync(file + ext)) return file + ext;
    if (existsSync(join(file, "index.js"))) return join(file, "index.js");
  }
  for (const f of INDEX_FILES) if (existsSync(join(dir, f))) return join(dir, f);
  return undefined;
}

/** The directory of package `name` as Node would find it from `fromDir` (node_modules, walking up). */
export function findPackageDir(name: string, fromDir: string): string | undefined {
  let dir = resolve(fromDir);
  for (;;) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** One plugin directory: its name (package.json or the directory's), entry file, version, or what is wrong. */
export function describePluginDir(dir: string): DirPlugin {
  const fallbackName = dir.split(/[\\/]/).filter(Boolean).pop() ?? dir;
  const pkg = readPackage(dir);
  if (pkg.problem) return { name: fallbackName, dir, problem: pkg.problem };
  const name = pkg.name ?? fallbackName;
  const entry = entryFile(dir, pkg.json);
  const base = { name, dir, version: pkg.version, description: pkg.description };
  if (!entry) {
    return {
      ...base,
      problem: `no entry file in ${dir}: package.json has no exports, module or main that exists, and there is no index.{js,mjs,cjs,ts}`,
    };
  }
  return { ...base, entry };
}

/** Every subdirectory of `root` is a plugin; a missing root is no plugins (or a problem, when `required`). */
export function scanPluginRoot(root: string, required: boolean): { plugins: DirPlugin[]; problem?: string } {
  if (!existsSync(root)) {
    return required ? { plugins: [], problem: `${root} does not exist` } : { plugins: [] };
  }
  let names: string[];
  try {
    if (!statSync(root).isDirectory()) return { plugins: [], problem: `${root} is not a directory` };
    names = readdirSync(root);
  } catch (err) {
    return { plugins: [], problem: `cannot read ${root}: ${errText(err)}` };
  }
  const plugins: DirPlugin[] = [];
  for (const n of names.sort()) {
    if (n.startsWith(".") || n === "node_modules") continue;
    const dir = join(root, n);
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      // A dangling link: not a plugin.
    }
    if (isDir) plugins.push(describePluginDir(dir));
  }
  return { plugins };
}

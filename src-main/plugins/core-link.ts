import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { APP_ROOT } from "../app/paths";

/**
 * One @elizaos/core, Milady's own. A plugin's `import "@elizaos/core"` must reach the very module
 * the agent runs (a second copy has its own classes and registries: `instanceof Service` fails,
 * settings and loggers split). npm is run with peers off, and after every npm run the top-level
 * `<installed>/node_modules/@elizaos/core` becomes a symlink to Milady's package and every nested
 * copy is removed, so resolution from anywhere in the install climbs to the link. Bun and Node
 * resolve a symlinked package to its real path, so it is the same module instance.
 */

export const CORE = "@elizaos/core";

/** Milady's own @elizaos/core directory (real path) and version. */
export function miladyCore(appRoot = APP_ROOT): { dir: string; version: string } {
  const require = createRequire(join(appRoot, "package.json"));
  const pkgFile = require.resolve(`${CORE}/package.json`);
  const dir = realpathSync(dirname(pkgFile));
  const version = (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version;
  return { dir, version };
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Before npm runs: the link must go, or npm would see a package its lockfile does not know and
 * reify over it. Only the link itself is removed (never what it points to).
 */
export function unlinkCore(nodeModules: string): void {
  const link = join(nodeModules, CORE);
  if (isSymlink(link)) rmSync(link);
}

/** Every directory named node_modules/@elizaos/core below `nodeModules` that is a real copy, not the link. */
export function findCoreCopies(nodeModules: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 12 || !existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue; // links (including ours) are never followed
      const child = join(dir, entry.name);
      if (entry.name.startsWith("@")) {
        for (const scoped of readdirSync(child, { withFileTypes: true })) {
          if (!scoped.isDirectory()) continue;
          const pkg = join(child, scoped.name);
          if (`${entry.name}/${scoped.name}` === CORE) found.push(pkg);
          else walk(join(pkg, "node_modules"), depth + 1);
        }
      } else if (entry.name !== ".bin" && entry.name !== ".cache") {
        walk(join(child, "node_modules"), depth + 1);
      }
    }
  };
  walk(nodeModules, 0);
  return found;
}

/** After npm: copies of core removed, the top-level link to Milady's core made. Returns the copies removed. */
export function linkMiladyCore(nodeModules: string, coreDir: string): string[] {
  const copies = findCoreCopies(nodeModules);
  for (const copy of copies) rmSync(copy, { recursive: true, force: true });
  const link = join(nodeModules, CORE);
  if (isSymlink(link)) rmSync(link);
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(coreDir, link, "dir");
  return copies;
}

/** True when the link is there and leads to Milady's core (a moved Milady leaves a dangling link). */
export function coreLinkIntact(nodeModules: string, coreDir: string): boolean {
  const link = join(nodeModules, CORE);
  if (!isSymlink(link)) return false;
  try {
    return realpathSync(link) === coreDir;
  } catch {
    return false;
  }
}

/** The range a package asks of core (peer, then regular dependency), if any. */
export function coreRange(pkg: {
  peerDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
}): string | undefined {
  return pkg.peerDependencies?.[CORE] ?? pkg.dependencies?.[CORE];
}

/** "X needs @elizaos/core ^2, Milady has 1.7.2", or undefined when the range includes Milady's version. */
export function coreSkew(name: string, range: string | undefined, miladyVersion: string): string | undefined {
  if (!range || range === "*" || range === "latest" || /^(workspace|file|link):/.test(range)) return undefined;
  let ok = false;
  try {
    ok = Bun.semver.satisfies(miladyVersion, range);
  } catch {
    ok = false;
  }
  return ok
    ? undefined
    : `${name} needs ${CORE} ${range}, Milady has ${miladyVersion}: it runs against Milady's copy and may fail to load`;
}

import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import * as miladyCore from "@elizaos/core";

let installed = false;

/**
 * Every `@elizaos/core` import after this call (ESM or CommonJS, from any directory) gets
 * Milady's own core: a plugin in <state>/plugins/ finds no core of its own, and one that
 * brought a nested copy (npm installs a peer `*` as the newest alpha) must not run against it.
 * Bun's virtual modules take precedence over node_modules resolution.
 */
export function aliasMiladyCore(): void {
  if (installed) return;
  installed = true;
  Bun.plugin({
    name: "milady-elizaos-core",
    setup(build) {
      build.module("@elizaos/core", () => ({ exports: miladyCore as Record<string, unknown>, loader: "object" }));
    },
  });
}

/** The directory of `name` found from `fromDir` as Node would (node_modules, walking up). */
export function findPackageDir(name: string, fromDir: string): string | undefined {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The real directory of the @elizaos/core Milady runs, if found. */
export function miladyCoreDir(): string | undefined {
  const dir = findPackageDir("@elizaos/core", import.meta.dir);
  try {
    return dir ? realpathSync(dir) : undefined;
  } catch {
    return undefined;
  }
}

let coreVersion: string | undefined;
/** The version of the @elizaos/core Milady runs (its node_modules/@elizaos/core/package.json). */
export function miladyCoreVersion(): string {
  if (coreVersion) return coreVersion;
  const dir = findPackageDir("@elizaos/core", import.meta.dir);
  const version = dir ? readJson(join(dir, "package.json"))?.version : undefined;
  coreVersion = typeof version === "string" ? version : "unknown";
  return coreVersion;
}

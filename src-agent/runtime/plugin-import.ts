import { realpathSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Plugin } from "@elizaos/core";
import type { PlannedPlugin } from "../../src-shared/protocol";
import { aliasMiladyCore, miladyCoreDir, miladyCoreVersion, readJson } from "./core-alias";
import { findPluginExport, noPluginExport } from "./find-plugin-export";

export type Imported = { ok: true; plugin: Plugin; warnings: string[] } | { ok: false; reason: string };

const CORE = "@elizaos/core";

/** The @elizaos/core range a package declares (peerDependencies first), if any. */
function declaredCoreRange(pkg: Record<string, unknown>): string | undefined {
  for (const field of ["peerDependencies", "dependencies"]) {
    const deps = pkg[field] as Record<string, unknown> | undefined;
    if (deps && typeof deps[CORE] === "string") return deps[CORE] as string;
  }
  return undefined;
}

/**
 * Why a plugin cannot run against Milady's core (its declared range excludes our version), or
 * undefined. A dist-tag ("latest") or a workspace range says nothing checkable: not refused.
 */
export function coreRangeProblem(range: string, have: string): string | undefined {
  const r = range.replace(/^workspace:/, "").trim();
  if (r === "" || r === "*" || /^[a-z]/i.test(r) || have === "unknown") return undefined;
  let ok: boolean;
  try {
    ok = Bun.semver.satisfies(have, r);
  } catch {
    return undefined;
  }
  return ok ? undefined : `needs ${CORE} ${range}, Milady has ${have}`;
}

function isMiladyCore(dir: string): boolean {
  try {
    return realpathSync(dir) === miladyCoreDir();
  } catch {
    return false;
  }
}

/** Version skew and a nested copy of core, read from the plugin's package before it is imported. */
export function checkPackage(dir: string): { problem?: string; warnings: string[] } {
  const have = miladyCoreVersion();
  const warnings: string[] = [];
  const pkg = readJson(join(dir, "package.json"));
  const nestedDir = join(dir, "node_modules", CORE);
  const nested = readJson(join(nestedDir, "package.json"));
  // An installed or ejected plugin's node_modules/@elizaos/core is a link to Milady's own: not a second copy.
  if (nested && !isMiladyCore(nestedDir)) {
    const version = typeof nested.version === "string" ? ` ${nested.version}` : "";
    warnings.push(
      `${dir} has its own node_modules/${CORE}${version} (a second copy); it runs against Milady's ${CORE} ${have} instead`,
    );
  }
  const range = pkg ? declaredCoreRange(pkg) : undefined;
  const problem = range ? coreRangeProblem(range, have) : undefined;
  return { problem, warnings };
}

const errText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Imports one planned plugin and finds its plugin object; never throws. */
export async function importPlannedPlugin(entry: PlannedPlugin): Promise<Imported> {
  if (!entry.import) return { ok: false, reason: "nothing to import (no entry file was found)" };
  const checked = entry.dir ? checkPackage(entry.dir) : { warnings: [] };
  if (checked.problem) return { ok: false, reason: [checked.problem, ...checked.warnings].join("; ") };
  aliasMiladyCore();
  const spec = isAbsolute(entry.import) ? pathToFileURL(entry.import).href : entry.import;
  try {
    const mod = (await import(spec)) as Record<string, unknown>;
    const plugin = findPluginExport(mod);
    if (!plugin) return { ok: false, reason: noPluginExport(entry.import, mod) };
    return { ok: true, plugin, warnings: checked.warnings };
  } catch (err) {
    return { ok: false, reason: `import failed: ${errText(err)}` };
  }
}

import { existsSync, readdirSync, statSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import type { PluginStatus } from "../../src-shared/protocol";
import { APP_ROOT } from "../app/paths";
import { installedDir } from "./installer";
import { type PluginPackageJson, readPackageJson } from "./package-info";

/**
 * Where plugins live on disk, in the order the resolver prefers them: ejected copies (they
 * override the npm copy), installs, custom directories, plugins.load.paths, Milady's own
 * node_modules. Each subdirectory of ejected/, custom/ and a load path is one plugin, named by
 * its package.json or, without one, by the directory.
 */

export type DirKind = "installed" | "ejected" | "custom" | "path";
export type PluginSource = NonNullable<PluginStatus["source"]>;

export interface PluginDirectory {
  kind: DirKind;
  path: string;
}

export interface FoundPlugin {
  name: string;
  dir: string;
  source: PluginSource;
  pkg?: PluginPackageJson;
}

export function ejectedDir(stateDir: string): string {
  return join(stateDir, "plugins", "ejected");
}
export function customDir(stateDir: string): string {
  return join(stateDir, "plugins", "custom");
}

/** plugins.load.paths as absolute directories (a relative path is taken from the state dir). */
export function loadPaths(stateDir: string, paths: readonly string[]): string[] {
  return paths.map((path) => (isAbsolute(path) ? path : resolve(stateDir, path)));
}

export function pluginDirectories(stateDir: string, paths: readonly string[]): PluginDirectory[] {
  return [
    { kind: "installed", path: installedDir(stateDir) },
    { kind: "ejected", path: ejectedDir(stateDir) },
    { kind: "custom", path: customDir(stateDir) },
    ...loadPaths(stateDir, paths).map((path) => ({ kind: "path" as const, path })),
  ];
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The plugins in one directory of plugins (each subdirectory, hidden ones and node_modules skipped). */
export function scanDirectory(dir: string, source: PluginSource): FoundPlugin[] {
  if (!isDir(dir)) return [];
  const out: FoundPlugin[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry.startsWith(".") || entry === "node_modules") continue;
    const path = join(dir, entry);
    if (!isDir(path)) continue;
    const pkg = readPackageJson(path);
    out.push({ name: pkg?.name ?? entry, dir: path, source, pkg });
  }
  return out;
}

/** The plugins of every directory kind except installs (those are in plugins.installs). */
export function scanPluginDirectories(stateDir: string, paths: readonly string[]): FoundPlugin[] {
  return [
    ...scanDirectory(ejectedDir(stateDir), "ejected"),
    ...scanDirectory(customDir(stateDir), "custom"),
    ...loadPaths(stateDir, paths).flatMap((dir) => scanDirectory(dir, "path")),
  ];
}

/** Milady's own node_modules (npm and core plugins). */
export function miladyNodeModules(appRoot = APP_ROOT): string {
  return join(appRoot, "node_modules");
}

/**
 * Where the package `name` would load from, in the resolver's order; undefined when it is nowhere.
 * `installs` is plugins.installs; `core` says whether `name` is one of Milady's core plugins.
 */
export function findPlugin(
  name: string,
  ctx: {
    stateDir: string;
    paths: readonly string[];
    installs: Record<string, { path: string }>;
    isCore: boolean;
    appRoot?: string;
  },
): FoundPlugin | undefined {
  const scanned = scanPluginDirectories(ctx.stateDir, ctx.paths);
  const ejected = scanned.find((p) => p.source === "ejected" && p.name === name);
  if (ejected) return ejected;
  const record = ctx.installs[name];
  if (record && existsSync(join(record.path, "package.json"))) {
    return { name, dir: record.path, source: "installed", pkg: readPackageJson(record.path) };
  }
  const local = scanned.find((p) => p.name === name);
  if (local) return local;
  const npm = join(miladyNodeModules(ctx.appRoot), name);
  const pkg = readPackageJson(npm);
  if (pkg) return { name, dir: npm, source: ctx.isCore ? "core" : "npm", pkg };
  return undefined;
}

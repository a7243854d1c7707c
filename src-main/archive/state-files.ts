import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import type { StatePaths } from "../config";

/**
 * The state dir's files an archive carries, as entry path -> file: the workspace (the notes
 * files, custom actions...) without the PGlite data inside it, triggers and their history, the autonomy
 * state, the avatars and the character's picture. Everything else in the state dir (models, plugin installs, logs, the
 * lock, the database) belongs to the machine.
 */
export const FILE_PREFIX = "files/";

/** Inside <state>/workspace: elizaOS's data dir (PGlite lives there). */
const NOT_WORKSPACE = new Set([".eliza"]);

const SINGLE_FILES = ["triggers.json", "autonomy.json"];
/** Folders carried whole (<state>/character holds the picture an imported card brought). */
const FOLDERS = ["workspace", "avatars", "character"];

/**
 * Where an archive may write: inside one of the carried folders or one of the single files, never
 * through `..` or an absolute path (an archive is a file from elsewhere), never into the database.
 */
export function allowedTarget(stateDir: string, rel: string): string | undefined {
  const root = resolve(stateDir);
  const target = resolve(root, rel);
  const inside = relative(root, target).split(sep).join("/");
  if (inside.startsWith("..") || inside === "" || resolve(target) !== target) return undefined;
  if (inside === "workspace/.eliza" || inside.startsWith("workspace/.eliza/")) return undefined;
  const [top] = inside.split("/");
  if (SINGLE_FILES.includes(inside) || (FOLDERS.includes(top!) && inside.includes("/"))) return target;
  return undefined;
}

function walk(dir: string, skipTop: Set<string>, out: string[], top = true): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (top && skipTop.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, skipTop, out, false);
    else if (entry.isFile()) out.push(path);
  }
}

export function collectStateFiles(paths: StatePaths): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const add = (abs: string) => {
    const rel = relative(paths.stateDir, abs).split(sep).join("/");
    files.set(`${FILE_PREFIX}${rel}`, new Uint8Array(readFileSync(abs)));
  };
  const found: string[] = [];
  walk(join(paths.stateDir, "workspace"), NOT_WORKSPACE, found);
  walk(paths.avatarsDir, new Set(), found);
  walk(join(paths.stateDir, "character"), new Set(), found);
  for (const name of SINGLE_FILES) {
    const path = join(paths.stateDir, name);
    if (existsSync(path) && statSync(path).isFile()) found.push(path);
  }
  for (const path of found) add(path);
  return files;
}

/**
 * Moves what a replace overwrites into `backupDir` (same relative paths), so the old workspace,
 * avatars, triggers and autonomy state stay next to the backup archive.
 */
export function moveStateFilesTo(paths: StatePaths, backupDir: string): number {
  const current = collectStateFiles(paths);
  for (const [entry, bytes] of current) {
    const rel = entry.slice(FILE_PREFIX.length);
    const target = join(backupDir, "files", rel);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes);
    rmSync(join(paths.stateDir, rel), { force: true });
  }
  return current.size;
}

/** Writes the archive's files into the state dir (each through a temp file and a rename). */
export function writeStateFiles(paths: StatePaths, files: Map<string, Uint8Array>): number {
  let written = 0;
  for (const [entry, bytes] of files) {
    if (!entry.startsWith(FILE_PREFIX)) continue;
    const target = allowedTarget(paths.stateDir, entry.slice(FILE_PREFIX.length));
    if (!target) continue;
    mkdirSync(dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.tmp`;
    writeFileSync(temp, bytes);
    renameSync(temp, target);
    written += 1;
  }
  return written;
}

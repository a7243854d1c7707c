import { cpSync, existsSync, mkdirSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { MiladyError } from "../../src-shared/protocol";
import { CORE } from "./core-link";
import { ejectedDir, type FoundPlugin } from "./plugin-dirs";

/**
 * Eject: a plugin's package copied into <state>/plugins/ejected/<dir>/ to be edited; the resolver
 * loads it instead of the npm copy from the next start. Its dependencies are not copied: each one
 * is linked from where the original resolved it, and @elizaos/core to Milady's own, so the copy
 * runs exactly like the original. EJECTED.md says where it came from.
 */

export const EJECT_NOTE = "EJECTED.md";

/** "@elizaos/plugin-mcp" -> "elizaos-plugin-mcp": one directory name per package. */
export function ejectDirName(name: string): string {
  return name.replace(/^@/, "").replace(/\//g, "-");
}

/** The directory a package `dep` resolves to from `fromDir`, climbing node_modules like Node and Bun. */
function resolvePackageDir(dep: string, fromDir: string): string | undefined {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, "node_modules", dep);
    if (existsSync(join(candidate, "package.json"))) return realpathSync(candidate);
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export interface EjectResult {
  name: string;
  dir: string;
  from: string;
  version: string;
  /** Dependencies that resolved nowhere: the copy may fail to load until they are installed. */
  unresolved: string[];
}

export function ejectPlugin(plugin: FoundPlugin, ctx: { stateDir: string; coreDir: string; now?: Date }): EjectResult {
  if (plugin.source === "ejected") {
    throw new MiladyError(
      "conflict",
      `${plugin.name} is already ejected (${plugin.dir})`,
      "Edit it there; delete that directory to go back to the npm copy.",
    );
  }
  if (plugin.source === "custom" || plugin.source === "path") {
    throw new MiladyError("conflict", `${plugin.name} is already a local plugin (${plugin.dir}): edit it there`);
  }
  const pkg = plugin.pkg;
  if (!pkg) throw new MiladyError("not_found", `${plugin.name}: no package.json in ${plugin.dir}`);
  const target = join(ejectedDir(ctx.stateDir), ejectDirName(plugin.name));
  if (existsSync(target)) {
    throw new MiladyError("conflict", `${target} already exists`, "Move it away (or delete it) and eject again.");
  }
  const source = realpathSync(plugin.dir);
  mkdirSync(dirname(target), { recursive: true });
  // The package's own files only: its nested node_modules are linked below, not copied.
  cpSync(source, target, {
    recursive: true,
    dereference: true,
    filter: (path) => !relative(source, path).split(sep).includes("node_modules"),
  });
  const unresolved: string[] = [];
  const deps = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
  deps.add(CORE);
  for (const dep of deps) {
    const found = dep === CORE ? ctx.coreDir : resolvePackageDir(dep, source);
    if (!found) {
      unresolved.push(dep);
      continue;
    }
    const link = join(target, "node_modules", dep);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(found, link, "dir");
  }
  const when = (ctx.now ?? new Date()).toISOString();
  writeFileSync(
    join(target, EJECT_NOTE),
    [
      `# ${pkg.name} ${pkg.version} (ejected)`,
      "",
      `Copied by \`milady plugins eject ${pkg.name}\` on ${when}`,
      `from ${source} (${plugin.source}).`,
      "",
      "Milady loads this copy instead of the npm package from the next agent start. Edit it freely.",
      "Its dependencies are links in node_modules/ (@elizaos/core is Milady's own).",
      "Delete this directory to go back to the original.",
      ...(unresolved.length ? ["", `Not found when ejected: ${unresolved.join(", ")}`] : []),
      "",
    ].join("\n"),
  );
  return { name: pkg.name, dir: target, from: source, version: pkg.version, unresolved };
}

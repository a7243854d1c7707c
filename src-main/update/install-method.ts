import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, join, sep } from "node:path";

/** One command a self-update runs, as it is printed before it runs. */
export interface Step {
  argv: string[];
  cwd: string;
}

export type InstallMethod =
  | { kind: "desktop" }
  | { kind: "git"; root: string }
  | { kind: "npm-global"; root: string }
  | { kind: "bun-global"; root: string }
  | { kind: "npm-local"; project: string }
  | { kind: "unknown"; root: string };

/** How this copy of Milady was installed, from where its files are (no commands run). */
export function detectInstallMethod(root: string, opts: { insideDesktopApp: boolean; home?: string }): InstallMethod {
  if (opts.insideDesktopApp) return { kind: "desktop" };
  if (existsSync(join(root, ".git"))) return { kind: "git", root };
  const parent = dirname(root);
  if (basename(parent) === "node_modules" || basename(dirname(parent)) === "node_modules") {
    // @scope/name sits one level deeper
    const modules = basename(parent) === "node_modules" ? parent : dirname(parent);
    const bunGlobal = join(opts.home ?? homedir(), ".bun", "install", "global", "node_modules");
    if (modules === bunGlobal) return { kind: "bun-global", root };
    // npm's global folder: <prefix>/lib/node_modules on Unix, <prefix>\node_modules on Windows.
    if (basename(dirname(modules)) === "lib" || modules.includes(`${sep}npm${sep}node_modules`)) {
      return { kind: "npm-global", root };
    }
    return { kind: "npm-local", project: dirname(modules) };
  }
  return { kind: "unknown", root };
}

/** The commands that upgrade Milady for an install method, or why Milady cannot do it itself. */
export function updateSteps(
  method: InstallMethod,
  target: { name: string; tag: string; registry: string },
): { steps: Step[] } | { manual: string } {
  const spec = `${target.name}@${target.tag}`;
  const registry = ["--registry", target.registry];
  switch (method.kind) {
    case "desktop":
      return {
        manual: "this Milady is the desktop app: use its updater (Check for Updates in the tray or the app menu)",
      };
    case "git":
      return {
        steps: [
          { argv: ["git", "pull", "--ff-only"], cwd: method.root },
          { argv: ["npm", "install", "--no-audit", "--no-fund"], cwd: method.root },
        ],
      };
    case "npm-global":
      return { steps: [{ argv: ["npm", "install", "-g", spec, ...registry], cwd: homedir() }] };
    case "bun-global":
      return { steps: [{ argv: ["bun", "add", "-g", spec, ...registry], cwd: homedir() }] };
    case "npm-local":
      return { steps: [{ argv: ["npm", "install", spec, ...registry], cwd: method.project }] };
    case "unknown":
      return {
        manual: `Milady at ${method.root} was not installed by npm, bun or git: install the new version the way you installed this one (npm install -g ${spec})`,
      };
  }
}

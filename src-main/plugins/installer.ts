import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, isAbsolute, join, resolve } from "node:path";
import type { PluginInstall } from "../../src-shared/config/extensions-schema";
import { oneAtATime } from "../../src-shared/one-at-a-time";
import { MiladyError } from "../../src-shared/protocol";
import type { ConfigStore } from "../config/types";
import type { Logger } from "../logging";
import { missingCoreImports, packageEntry } from "./core-imports";
import { CORE, coreLinkIntact, coreRange, coreSkew, linkMiladyCore, miladyCore, unlinkCore } from "./core-link";
import { runNpm } from "./npm";
import { npmFailure, progressFromLine } from "./npm-output";
import { looksLikeElizaPlugin, readPackageJson } from "./package-info";

export interface InstallProgress {
  phase: "resolving" | "downloading" | "linking" | "recording" | "done";
  message: string;
}

export interface InstallOptions {
  /** Run the package's install scripts (off by default: a plugin must not run code at install). */
  allowScripts?: boolean;
  onProgress?: (p: InstallProgress) => void;
  signal?: AbortSignal;
}

/** What an install did; `warnings` says what may keep it from loading (not a plugin, core version skew). */
export type InstallResult = { name: string } & PluginInstall & { warnings: string[] };

export interface PluginInstaller {
  install(spec: string, opts?: InstallOptions): Promise<InstallResult>;
  uninstall(name: string): Promise<void>;
  installed(): Record<string, PluginInstall>;
  /** Names whose broken records (a path that is gone) were removed or fixed. */
  repair(): Promise<string[]>;
  /** <state>/plugins/installed: its own package.json and node_modules. */
  readonly dir: string;
}

export interface InstallerDeps {
  stateDir: string;
  config: ConfigStore;
  log: Logger;
  /** Milady's own @elizaos/core (found from Milady's root when not given). */
  core?: { dir: string; version: string };
}

/** name, @scope/name, with an optional @version, @range or @tag. */
const REGISTRY_SPEC = /^((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*)(?:@([^\s/\\]+))?$/i;

export function installedDir(stateDir: string): string {
  return join(stateDir, "plugins", "installed");
}

/** The package name a registry spec installs ("@elizaos/plugin-mcp@1.8.2" -> "@elizaos/plugin-mcp"), or undefined for a tarball. */
export function specName(spec: string): string | undefined {
  if (spec.endsWith(".tgz")) return undefined;
  const match = REGISTRY_SPEC.exec(spec);
  if (!match || spec.length > 300) {
    throw new MiladyError(
      "validation_failed",
      `"${spec}" is not a package name: use NAME, NAME@VERSION or a path to a .tgz`,
      "For example: milady plugins install @elizaos/plugin-telegram@1.6.4",
    );
  }
  return match[1];
}

/** The npm flags every run shares: a private prefix, never global, peers not installed, no noise. */
function npmFlags(dir: string, allowScripts: boolean): string[] {
  return [
    "--prefix",
    dir,
    "--global=false",
    "--workspaces=false",
    "--legacy-peer-deps",
    "--no-audit",
    "--no-fund",
    "--json",
    "--loglevel=http",
    // npm's default (2 retries, 10-60 s apart) keeps a user without network waiting over a minute.
    "--fetch-retries=1",
    "--fetch-retry-mintimeout=2000",
    "--fetch-retry-maxtimeout=5000",
    allowScripts ? "--ignore-scripts=false" : "--ignore-scripts",
  ];
}

function dependencies(dir: string): Record<string, string> {
  try {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    return pkg.dependencies ?? {};
  } catch {
    return {};
  }
}

/** The install directory with its own package.json and .npmrc (peers off even for an npm run by hand there). */
function prepareDir(dir: string): void {
  mkdirSync(join(dir, "tarballs"), { recursive: true });
  const pkg = join(dir, "package.json");
  if (!existsSync(pkg)) {
    const body = {
      name: "milady-installed-plugins",
      private: true,
      description:
        "Plugins installed by `milady plugins install`. Managed by Milady: @elizaos/core here is Milady's own.",
      dependencies: {},
    };
    writeFileSync(pkg, `${JSON.stringify(body, null, 2)}\n`);
  }
  const npmrc = join(dir, ".npmrc");
  if (!existsSync(npmrc)) writeFileSync(npmrc, "legacy-peer-deps=true\nfund=false\naudit=false\n");
}

/** One npm at a time per install directory, however many installers the process made for it. */
const queues = new Map<string, ReturnType<typeof oneAtATime>>();
function queueFor(dir: string): ReturnType<typeof oneAtATime> {
  let queue = queues.get(dir);
  if (!queue) {
    queue = oneAtATime();
    queues.set(dir, queue);
  }
  return queue;
}

export function createPluginInstaller(deps: InstallerDeps): PluginInstaller {
  const dir = installedDir(deps.stateDir);
  const nodeModules = join(dir, "node_modules");
  const { log, config } = deps;
  const serial = queueFor(dir);
  let coreCache = deps.core;
  const core = () => {
    coreCache ??= miladyCore();
    return coreCache;
  };

  /** npm with core unlinked around it, and Milady's core linked again whatever npm did. */
  async function withNpm<T>(run: () => Promise<T>): Promise<{ value: T; copies: string[] }> {
    unlinkCore(nodeModules);
    try {
      const value = await run();
      return { value, copies: linkMiladyCore(nodeModules, core().dir) };
    } catch (error) {
      if (existsSync(nodeModules)) linkMiladyCore(nodeModules, core().dir);
      throw error;
    }
  }

  async function install(spec: string, opts: InstallOptions = {}): Promise<InstallResult> {
    const trimmed = spec.trim();
    const asked = specName(trimmed);
    if (asked === CORE) {
      throw new MiladyError("conflict", `${CORE} is Milady's own: plugins always run against it (${core().version})`);
    }
    const progress = (phase: InstallProgress["phase"], message: string) => opts.onProgress?.({ phase, message });
    progress("resolving", `resolving ${trimmed}`);
    prepareDir(dir);
    let target = trimmed;
    if (asked === undefined) {
      // A tarball is copied in: package.json points at it, and later npm runs need it to still exist.
      const source = isAbsolute(trimmed) ? trimmed : resolve(trimmed);
      if (!existsSync(source)) throw new MiladyError("not_found", `${source}: no such file`);
      target = join(dir, "tarballs", basename(source));
      if (resolve(source) !== target) copyFileSync(source, target);
    }
    const before = dependencies(dir);
    const allowScripts = opts.allowScripts === true;
    const args = ["install", target, "--save", "--save-exact", ...npmFlags(dir, allowScripts)];
    const { value: run, copies } = await withNpm(async () => {
      const result = await runNpm(args, {
        cwd: dir,
        signal: opts.signal,
        onLine: (line) => {
          const event = progressFromLine(line);
          if (event) opts.onProgress?.(event);
        },
      });
      if (result.code !== 0) throw npmFailure(trimmed, result.stdout, result.stderr);
      return result;
    });
    progress("linking", `linking Milady's ${CORE} ${core().version}`);
    const after = dependencies(dir);
    const name = asked ?? Object.keys(after).find((key) => before[key] !== after[key]);
    const path = name ? join(nodeModules, name) : undefined;
    const pkg = path ? readPackageJson(path) : undefined;
    if (!name || !path || !pkg) {
      throw new MiladyError(
        "internal",
        `${trimmed}: npm finished but the package is not in ${nodeModules}`,
        run.stderr,
      );
    }
    const warnings: string[] = [];
    if (!looksLikeElizaPlugin(pkg)) {
      warnings.push(
        `${name} does not look like an elizaOS plugin (no elizaos keyword, no agentConfig, no @elizaos/core dependency): it may not load`,
      );
    }
    const skew = coreSkew(name, coreRange(pkg), core().version);
    if (skew) warnings.push(skew);
    const missing = missingCoreImports(name, packageEntry(path, pkg), core());
    if (missing) warnings.push(missing);
    if (copies.length > 0) log.info(`${name}: removed ${copies.length} nested ${CORE} copies; it uses Milady's`);
    for (const warning of warnings) log.warn(warning);
    progress("recording", `recording ${name}@${pkg.version}`);
    const record: PluginInstall = {
      spec: asked === undefined ? target : trimmed,
      version: pkg.version,
      path,
      installedAt: new Date().toISOString(),
      ...(allowScripts ? { allowScripts: true } : {}),
    };
    await config.patch({ config: { plugins: { installs: { [name]: record } } } });
    log.info(`installed ${name}@${pkg.version} in ${path}`);
    progress("done", `installed ${name}@${pkg.version}`);
    return { name, ...record, warnings };
  }

  async function uninstall(name: string): Promise<void> {
    specName(name);
    const recorded = config.current().plugins.installs[name];
    if (!recorded && !(name in dependencies(dir))) {
      throw new MiladyError(
        "not_found",
        `${name} was not installed with \`milady plugins install\``,
        "`milady plugins list` shows the installed plugins; a plugin in a directory is removed by deleting its directory.",
      );
    }
    if (name in dependencies(dir)) {
      await withNpm(async () => {
        const result = await runNpm(["uninstall", name, ...npmFlags(dir, false)], { cwd: dir });
        if (result.code !== 0) throw npmFailure(name, result.stdout, result.stderr);
      });
    }
    if (recorded) await config.patch({ config: { plugins: { installs: { [name]: null } } } });
    // A tarball install keeps its copy in tarballs/ for later npm runs; it goes with the package.
    if (recorded?.spec.startsWith(join(dir, "tarballs"))) rmSync(recorded.spec, { force: true });
    log.info(`uninstalled ${name}`);
  }

  async function repair(): Promise<string[]> {
    const installs = config.current().plugins.installs;
    const changes: Record<string, PluginInstall | null> = {};
    for (const [name, record] of Object.entries(installs)) {
      if (existsSync(join(record.path, "package.json"))) continue;
      // The state dir moved, or npm put it back: the package is where installs go, so the record is fixed.
      const here = join(nodeModules, name);
      const pkg = readPackageJson(here);
      if (pkg?.name === name) {
        changes[name] = { ...record, path: here, version: pkg.version };
        log.warn(`plugin ${name}: its record pointed at ${record.path}, which is gone; it now points at ${here}`);
      } else {
        changes[name] = null;
        log.warn(
          `plugin ${name}: ${record.path} is gone, so its install record was removed (install it again with \`milady plugins install ${record.spec}\`)`,
        );
      }
    }
    if (Object.keys(changes).length > 0) await config.patch({ config: { plugins: { installs: changes } } });
    if (existsSync(nodeModules) && !coreLinkIntact(nodeModules, core().dir)) {
      linkMiladyCore(nodeModules, core().dir);
      log.info(`plugins: ${CORE} in ${nodeModules} linked to Milady's (${core().dir})`);
    }
    return Object.keys(changes);
  }

  return {
    dir,
    install: (spec, opts) => serial(() => install(spec, opts)),
    uninstall: (name) => serial(() => uninstall(name)),
    installed: () => config.current().plugins.installs,
    repair: () => serial(repair),
  };
}

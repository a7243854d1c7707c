import { existsSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, resolve, sep } from "node:path";
import type { PluginInfo, PluginListEntry, PluginDirectory as WireDirectory } from "../../src-shared/contracts";
import { isCorePlugin, MiladyError, type PluginStatus, pluginNameMatches, SQL_PLUGIN } from "../../src-shared/protocol";
import { APP_ROOT } from "../app/paths";
import type { ConfigStore } from "../config/types";
import type { Logger } from "../logging";
import { missingCoreImports, packageEntry } from "./core-imports";
import { coreRange, coreSkew, miladyCore } from "./core-link";
import { ejectPlugin } from "./eject";
import {
  createPluginInstaller,
  type InstallOptions,
  type InstallResult,
  type PluginInstaller,
  specName,
} from "./installer";
import { configuredRegistry } from "./npm";
import { configurePatch, parameterSpecs, parameterValues } from "./parameters";
import { plannedStatuses } from "./planned-statuses";
import { findPlugin, loadPaths, pluginDirectories, scanDirectory, scanPluginDirectories } from "./plugin-locations";
import { type RegistryHit, type SearchAnswer, searchPlugins } from "./registry-search";

/**
 * Everything `milady plugins` and /api/plugins do, in one place so the CLI (with no server) and
 * the routes (the running server) follow the same rules. Every change goes through the config
 * store, so it is validated and atomic, and makes the agent's restart pending.
 */

/** Plugin names are package names: "@scope/name" or "name", nothing that could smuggle a path. */
const PLUGIN_NAME = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i;

export function checkPluginName(name: string): string {
  if (!PLUGIN_NAME.test(name) || name.length > 214) {
    throw new MiladyError("validation_failed", `name: "${name}" is not a plugin package name`);
  }
  return name;
}

export interface PluginManagerDeps {
  config: ConfigStore;
  log: Logger;
  /** The agent's plugin statuses from its last start (empty when it is not running or no server). */
  statuses?: () => PluginStatus[];
  installer?: PluginInstaller;
  core?: { dir: string; version: string };
}

export type PluginDirectoryList = { directories: WireDirectory[] };

export function createPluginManager(deps: PluginManagerDeps) {
  const { config, log } = deps;
  const stateDir = config.paths.stateDir;
  const installer = deps.installer ?? createPluginInstaller({ stateDir, config, log, core: deps.core });
  let coreCache = deps.core;
  const core = () => {
    coreCache ??= miladyCore();
    return coreCache;
  };
  const plugins = () => config.current().plugins;
  const find = (name: string) =>
    findPlugin(name, {
      stateDir,
      paths: plugins().load.paths,
      installs: plugins().installs,
      isCore: isCorePlugin(name),
    });

  function isEnabled(name: string): boolean {
    const p = plugins();
    // Short names count as in the resolver ("bootstrap" switches off @elizaos/plugin-bootstrap).
    return !pluginNameMatches(name, p.disabled) && p.entries[name]?.enabled !== false;
  }

  function list(): PluginListEntry[] {
    const p = plugins();
    // Keyed by name and source: a refused custom copy shares its name with the core plugin it would shadow.
    const entries = new Map<string, PluginListEntry>();
    const keyOf = (name: string, source?: string) => `${name}\u0000${source ?? ""}`;
    const byName = (name: string) => [...entries.entries()].find(([, e]) => e.name === name);
    // Before any agent has reported (Milady stopped, or its agent never started): what the next start would load.
    const reported = deps.statuses?.() ?? [];
    for (const status of reported.length > 0 ? reported : plannedStatuses(config))
      entries.set(keyOf(status.name, status.source), { ...status, enabled: isEnabled(status.name) });
    const pending = (name: string, extra: Partial<PluginListEntry>) => {
      const known = byName(name);
      if (known) {
        const [key, entry] = known;
        entries.set(key, { ...extra, ...entry, installed: entry.installed ?? extra.installed });
        return;
      }
      const status = pluginNameMatches(name, p.deny) ? "denied" : isEnabled(name) ? "pending" : "disabled";
      const reason =
        status === "denied"
          ? "listed in plugins.deny"
          : status === "pending"
            ? "loads at the next agent start"
            : undefined;
      entries.set(keyOf(name, extra.source), {
        name,
        status,
        ...(reason ? { reason } : {}),
        enabled: isEnabled(name),
        ...extra,
      });
    };
    for (const [name, record] of Object.entries(p.installs)) {
      pending(name, { source: "installed", version: record.version, installed: true });
    }
    for (const found of scanPluginDirectories(stateDir, p.load.paths)) {
      pending(found.name, { source: found.source, version: found.pkg?.version, description: found.pkg?.description });
    }
    for (const name of [...p.allow, ...p.disabled, ...p.deny]) pending(name, {});
    return [...entries.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** "bootstrap" means @elizaos/plugin-bootstrap, as in plugins.disabled; an exact name always wins. */
  function canonical(name: string): string {
    if (find(name) || list().some((entry) => entry.name === name)) return name;
    return list().find((entry) => pluginNameMatches(entry.name, [name]))?.name ?? name;
  }

  function info(asked: string): PluginInfo {
    checkPluginName(asked);
    const name = canonical(asked);
    const found = find(name);
    const listed = list().find((entry) => entry.name === name);
    if (!found && !listed) {
      throw new MiladyError(
        "not_found",
        `there is no plugin named ${name}`,
        "`milady plugins list` shows the plugins; `milady plugins install NAME` installs one from npm.",
      );
    }
    const pkg = found?.pkg;
    const range = pkg ? coreRange(pkg) : undefined;
    const warnings = [
      ...(pkg ? [coreSkew(name, range, core().version)] : []),
      ...(found ? [missingCoreImports(name, packageEntry(found.dir, pkg), core())] : []),
    ].filter((w): w is string => Boolean(w));
    const install = plugins().installs[name];
    return {
      name,
      version: pkg?.version ?? listed?.version,
      description: pkg?.description ?? listed?.description,
      source: found?.source ?? listed?.source,
      status: listed?.status,
      reason: listed?.reason,
      enabled: isEnabled(name),
      path: found?.dir,
      ...(install ? { install } : {}),
      parameters: parameterValues(parameterSpecs(pkg), plugins().entries[name], config.secrets()),
      ...(range ? { coreRange: range } : {}),
      warnings,
      ...(pkg?.homepage ? { homepage: pkg.homepage } : {}),
    };
  }

  async function configure(name: string, values: Record<string, string | number | boolean | null>) {
    checkPluginName(name);
    const found = find(name);
    if (!found) {
      throw new MiladyError("not_found", `${name} is not on disk`, "Install it first: `milady plugins install NAME`.");
    }
    if (Object.keys(values).length === 0) throw new MiladyError("validation_failed", "values: give at least one");
    const patch = configurePatch(name, parameterSpecs(found.pkg), values, plugins().entries[name]);
    await config.patch({
      config: patch.config,
      ...(Object.keys(patch.secrets).length ? { secrets: patch.secrets } : {}),
    });
    log.info(`plugin ${name}: set ${Object.keys(values).join(", ")}`);
    return { ...info(name), restartRequired: true };
  }

  async function toggle(asked: string, enable: boolean) {
    checkPluginName(asked);
    const name = canonical(asked);
    if (!enable && isCorePlugin(name)) {
      throw new MiladyError(
        "conflict",
        `${name} is required: the agent cannot start or answer without it`,
        "To change how the agent thinks, pick another model provider in Models instead.",
      );
    }
    // Only a plugin Milady knows can be switched: a typo must not answer "done".
    if (!list().some((plugin) => plugin.name === name) && !find(name)) {
      throw new MiladyError(
        "not_found",
        `there is no plugin named ${name}`,
        "GET /api/plugins (or `milady plugins list`) lists the names; start the agent first if the list is empty",
      );
    }
    const current = plugins().disabled;
    const disabled = enable ? current.filter((n) => !pluginNameMatches(name, [n])) : [...new Set([...current, name])];
    const entry = plugins().entries[name];
    const entries = entry?.enabled === false && enable ? { entries: { [name]: { enabled: true } } } : {};
    await config.patch({ config: { plugins: { disabled, ...entries } } });
    return { name, enabled: enable, disabled, restartRequired: true };
  }

  function paths(): PluginDirectoryList {
    return {
      directories: pluginDirectories(stateDir, plugins().load.paths).map((d) => ({
        ...d,
        exists: existsSync(d.path),
        plugins:
          d.kind === "installed"
            ? Object.keys(plugins().installs)
            : scanDirectory(d.path, d.kind === "path" ? "path" : d.kind).map((p) => p.name),
      })),
    };
  }

  async function addPath(dir: string) {
    const absolute = isAbsolute(dir) ? dir : resolve(dir);
    let real: string;
    try {
      real = realpathSync(absolute);
    } catch {
      throw new MiladyError(
        "not_found",
        `${absolute}: no such directory`,
        "Give a directory whose subdirectories are plugins.",
      );
    }
    if (!statSync(real).isDirectory())
      throw new MiladyError("validation_failed", `${absolute} is a file, not a directory`);
    const taken = pluginDirectories(stateDir, []).map((d) => d.path);
    if (taken.some((t) => real === t || real.startsWith(`${t}${sep}`))) {
      throw new MiladyError("conflict", `${absolute} is one of Milady's own plugin directories: it is read already`);
    }
    // Milady's own tree (its node_modules, its sources) would load hundreds of packages as plugins.
    const app = realpathSync(APP_ROOT);
    if (real === app || real.startsWith(`${app}${sep}`) || app.startsWith(`${real}${sep}`)) {
      throw new MiladyError(
        "conflict",
        `${absolute} is Milady's own installation (or holds it): its packages are not plugins`,
        "Give a directory of your own whose subdirectories are plugins, e.g. ~/milady-plugins.",
      );
    }
    if (loadPaths(stateDir, plugins().load.paths).includes(real)) {
      throw new MiladyError("conflict", `${real} is in plugins.load.paths already`);
    }
    const found = scanDirectory(real, "path");
    const warnings = found.length === 0 ? [`${real} has no subdirectories yet: each subdirectory is one plugin`] : [];
    warnings.push(
      ...found
        .filter((p) => !p.pkg)
        .map((p) => `${p.dir} has no package.json: it is named ${p.name} after its directory`),
    );
    await config.patch({ config: { plugins: { load: { paths: [...plugins().load.paths, real] } } } });
    return { ...paths(), added: real, warnings, restartRequired: true };
  }

  function eject(asked: string) {
    checkPluginName(asked);
    const name = canonical(asked);
    if (name === SQL_PLUGIN) {
      throw new MiladyError(
        "conflict",
        "plugin-sql owns Milady's database and always loads from Milady: an ejected copy would be refused",
        "Eject another plugin, or write your own in <state>/plugins/custom.",
      );
    }
    const found = find(name);
    if (!found)
      throw new MiladyError("not_found", `${name} is not on disk`, "`milady plugins list` shows the plugins.");
    const result = ejectPlugin(found, { stateDir, coreDir: core().dir });
    log.info(`ejected ${result.name}@${result.version} from ${result.from} to ${result.dir}`);
    return { ...result, restartRequired: true };
  }

  async function search(
    query: string,
    limit?: number,
  ): Promise<Omit<SearchAnswer, "results"> & { results: (RegistryHit & { installed: boolean })[] }> {
    const registry = await configuredRegistry(stateDir);
    const answer = await searchPlugins(registry, query, { limit });
    const installs = plugins().installs;
    return { ...answer, results: answer.results.map((hit) => ({ ...hit, installed: hit.name in installs })) };
  }

  return {
    installer,
    list,
    info,
    configure,
    enable: (name: string) => toggle(name, true),
    disable: (name: string) => toggle(name, false),
    paths,
    addPath,
    eject,
    search,
    install: async (spec: string, opts?: InstallOptions): Promise<InstallResult> => {
      const name = specName(spec.trim());
      // A second copy of a core plugin would never load (core plugins cannot be shadowed): say so now.
      if (name && isCorePlugin(name)) {
        throw new MiladyError(
          "conflict",
          `${name} is one of Milady's core plugins: it ships with Milady and is always loaded`,
          name === "@elizaos/plugin-sql"
            ? "plugin-sql owns Milady's database: it cannot be replaced."
            : "To change it, eject it (`milady plugins eject NAME`), edit the copy and restart the agent.",
        );
      }
      return installer.install(spec, opts);
    },
    uninstall: (name: string) => installer.uninstall(checkPluginName(name)),
  };
}

export type PluginManager = ReturnType<typeof createPluginManager>;

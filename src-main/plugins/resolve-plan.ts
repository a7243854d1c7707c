import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { CONNECTOR_IDS, type MiladyConfig, SECRET_KEYS } from "../../src-shared/config";
import {
  CONNECTORS,
  type ModelProvider,
  type PlannedPlugin,
  type PluginPlan,
  pluginNameMatches,
  SQL_PLUGIN,
} from "../../src-shared/protocol";
import { corePluginNames, FEATURE_PLUGINS, isNpmCore, MODEL_KEY_PLUGINS } from "./core-plugins";
import {
  type DirPlugin,
  describePluginDir,
  entryFile,
  findPackageDir,
  readPackage,
  scanPluginRoot,
} from "./plugin-dirs";

export interface PlanInput {
  config: MiladyConfig;
  secrets: Record<string, string>;
  /** The provider this start uses ("none" when no model can run): its plugin is core. */
  provider: ModelProvider;
  /** <state>/plugins: ejected/ and custom/ live here. */
  pluginsDir: string;
  /** Relative plugins.load.paths are taken from here (the state dir). */
  baseDir: string;
  /** Where Milady's own node_modules are found from (its root). */
  miladyRoot: string;
}

type Located = Pick<PlannedPlugin, "source" | "import" | "dir" | "version" | "description" | "status" | "reason">;

/**
 * The plugins of one start, in the order of resolution: core; plugins.allow; configured
 * connectors; provider plugins whose key is set; features.*; plugins.installs; then the
 * directories (ejected/ overrides a copy of the same name, custom/, plugins.load.paths).
 * Then entries.<name>.enabled / plugins.disabled, the shell gate and the deny list. Never
 * throws for a bad directory or package.json: that entry says what is wrong.
 */
export function resolvePluginPlan(input: PlanInput): PluginPlan {
  const { config, secrets, pluginsDir, miladyRoot } = input;
  const plugins = config.plugins;
  const plan: PlannedPlugin[] = [];
  const byName = new Map<string, PlannedPlugin>();
  const add = (p: PlannedPlugin) => {
    plan.push(p);
    byName.set(p.name, p);
  };
  const core = new Set(corePluginNames(input.provider));

  for (const name of core) {
    const dir = isNpmCore(name) ? findPackageDir(name, miladyRoot) : undefined;
    const pkg = dir ? readPackage(dir) : {};
    add({
      name,
      source: "core",
      origin: "core",
      import: isNpmCore(name) ? name : undefined,
      dir,
      version: pkg.version,
      description: pkg.description,
    });
  }

  const locate = (name: string): Located => {
    const install = plugins.installs[name];
    if (install) {
      if (!existsSync(install.path)) {
        return {
          source: "installed",
          status: "failed",
          reason: `installed at ${install.path}, which is gone: reinstall it (milady plugins install ${name})`,
        };
      }
      const pkg = readPackage(install.path);
      if (pkg.problem) return { source: "installed", dir: install.path, status: "failed", reason: pkg.problem };
      const entry = entryFile(install.path, pkg.json);
      if (!entry)
        return { source: "installed", dir: install.path, status: "failed", reason: `no entry file in ${install.path}` };
      return {
        source: "installed",
        import: entry,
        dir: install.path,
        version: pkg.version ?? install.version,
        description: pkg.description,
      };
    }
    const dir = findPackageDir(name, miladyRoot);
    if (dir) {
      const pkg = readPackage(dir);
      return { source: "npm", import: name, dir, version: pkg.version, description: pkg.description };
    }
    return {
      source: "npm",
      status: "failed",
      reason: `${name} is not installed: install it from the Plugins tab or with \`milady plugins install ${name}\``,
    };
  };
  const locatable = (name: string) => !!plugins.installs[name] || !!findPackageDir(name, miladyRoot);

  const requests: { name: string; origin: string }[] = [];
  for (const name of plugins.allow) requests.push({ name, origin: "allow" });
  for (const id of CONNECTOR_IDS) {
    const connector = config.connectors[id];
    const spec = CONNECTORS[id];
    if (connector && connector.enabled !== false && secrets[spec.secrets[0]]) {
      requests.push({ name: spec.plugin, origin: `connector:${id}` });
    }
  }
  for (const { key, plugin } of MODEL_KEY_PLUGINS) {
    if (secrets[key] && locatable(plugin)) requests.push({ name: plugin, origin: `model-key:${key}` });
  }
  for (const [flag, names] of Object.entries(FEATURE_PLUGINS)) {
    if (config.features[flag] !== true) continue;
    for (const name of names) if (locatable(name)) requests.push({ name, origin: `feature:${flag}` });
  }
  // An installed connector plugin loads through its connector only: `enabled: false` must keep it out.
  const connectorPlugins = new Map(CONNECTOR_IDS.map((id) => [CONNECTORS[id].plugin, id]));
  for (const name of Object.keys(plugins.installs)) {
    if (!connectorPlugins.has(name)) requests.push({ name, origin: "install" });
  }

  for (const { name, origin } of requests) {
    if (byName.has(name)) continue; // core, or asked for twice: loaded once
    add({ name, origin, ...locate(name) });
  }
  for (const [name, id] of connectorPlugins) {
    if (byName.has(name) || !plugins.installs[name]) continue;
    const spec = CONNECTORS[id];
    add({
      name,
      origin: `connector:${id}`,
      ...locate(name),
      status: "disabled",
      reason: `the ${spec.label} connector is not configured: it needs connectors.${id} (not enabled: false) and ${spec.secrets[0]}`,
    });
  }

  // Directories. A core plugin always loads from Milady: nothing may replace or shadow it.
  const shadows = (dp: DirPlugin, source: PlannedPlugin["source"]): PlannedPlugin => ({
    name: dp.name,
    source,
    origin: "directory",
    dir: dp.dir,
    version: dp.version,
    status: "refused",
    reason: `${dp.dir} is named ${dp.name}, the core plugin Milady loads itself: rename it (the "name" in its package.json) to load it beside the core one`,
  });
  const fromDir = (dp: DirPlugin, source: PlannedPlugin["source"]): PlannedPlugin => ({
    name: dp.name,
    source,
    origin: "directory",
    import: dp.entry,
    dir: dp.dir,
    version: dp.version,
    description: dp.description,
    ...(dp.problem ? { status: "failed" as const, reason: dp.problem } : {}),
  });

  for (const dp of scanPluginRoot(join(pluginsDir, "ejected"), false).plugins) {
    // Ejecting is how a user changes a core npm plugin (bootstrap, a provider's plugin): its copy
    // loads in the core one's place. plugin-sql stays Milady's (it owns the database and its
    // migrations), and the plugins Milady builds itself have no package to eject.
    if (core.has(dp.name) && isNpmCore(dp.name) && dp.name !== SQL_PLUGIN && !dp.problem) {
      const coreEntry = byName.get(dp.name);
      if (coreEntry) {
        Object.assign(coreEntry, { source: "ejected", import: dp.entry, dir: dp.dir, version: dp.version });
        continue;
      }
    }
    if (core.has(dp.name)) {
      plan.push(shadows(dp, "ejected"));
      continue;
    }
    const existing = byName.get(dp.name);
    const ejected = fromDir(dp, "ejected");
    // The ejected copy replaces the npm or installed one (and fixes one that was missing).
    if (existing)
      Object.assign(existing, { ...ejected, origin: existing.origin, status: ejected.status, reason: ejected.reason });
    else add(fromDir(dp, "ejected"));
  }

  const addDirPlugin = (dp: DirPlugin, source: "custom" | "path") => {
    if (core.has(dp.name)) return plan.push(shadows(dp, source));
    const existing = byName.get(dp.name);
    if (existing) {
      return plan.push({
        ...fromDir(dp, source),
        status: "refused",
        reason: `a plugin named ${dp.name} already comes from ${existing.source} (${existing.dir ?? existing.import ?? "Milady"}): rename one of them`,
      });
    }
    add(fromDir(dp, source));
  };
  for (const dp of scanPluginRoot(join(pluginsDir, "custom"), false).plugins) addDirPlugin(dp, "custom");
  for (const raw of plugins.load.paths) {
    const root = resolve(input.baseDir, raw);
    if (existsSync(join(root, "package.json"))) {
      addDirPlugin(describePluginDir(root), "path");
      continue;
    }
    const scanned = scanPluginRoot(root, true);
    if (scanned.problem) {
      plan.push({
        name: root,
        source: "path",
        origin: "directory",
        dir: root,
        status: "failed",
        reason: `plugins.load.paths: ${scanned.problem} (create it or remove it from plugins.load.paths)`,
      });
    }
    for (const dp of scanned.plugins) addDirPlugin(dp, "path");
  }

  applyFilters(plan, config);
  return { plugins: plan, settings: entrySettings(plan, config) };
}

/** entries.<name>.enabled / plugins.disabled, the feature gates, then the deny list (last). */
function applyFilters(plan: PlannedPlugin[], config: MiladyConfig): void {
  const plugins = config.plugins;
  const switchedOff = [
    ...plugins.disabled,
    ...Object.entries(plugins.entries).flatMap(([name, e]) => (e.enabled === false ? [name] : [])),
  ];
  for (const p of plan) {
    if (p.status === "refused") continue; // a shadow of a core plugin stays refused whatever else is said
    const sql = p.name === SQL_PLUGIN;
    if (pluginNameMatches(p.name, switchedOff) && !p.status) {
      if (sql) p.reason = "switched off in config, but the agent cannot run without its database: it loads anyway";
      else
        Object.assign(p, {
          status: "disabled",
          reason: "switched off (plugins.entries.<name>.enabled or plugins.disabled)",
        });
    }
    for (const [flag, names] of Object.entries(FEATURE_PLUGINS)) {
      if (config.features[flag] !== true && names.includes(p.name)) {
        Object.assign(p, {
          status: "refused",
          reason: `features.${flag} is off: ${p.name} would give the agent access it must not have`,
        });
      }
    }
    if (pluginNameMatches(p.name, plugins.deny)) {
      if (sql) p.reason = "plugins.deny lists it, but the agent cannot run without its database: it loads anyway";
      else Object.assign(p, { status: "denied", reason: "listed in plugins.deny" });
    }
  }
}

const SECRETS = new Set<string>(SECRET_KEYS);

/** Non-secret plugins.entries.<name>.config values of the plugins that load, as runtime settings. */
function entrySettings(plan: PlannedPlugin[], config: MiladyConfig): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const p of plan) {
    if (p.status) continue;
    for (const [key, value] of Object.entries(config.plugins.entries[p.name]?.config ?? {})) {
      if (!SECRETS.has(key)) settings[key] = String(value);
    }
  }
  return settings;
}

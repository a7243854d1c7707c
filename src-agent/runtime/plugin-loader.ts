import { type AgentRuntime, ModelType, type Plugin } from "@elizaos/core";
import {
  type PlannedPlugin,
  type PluginPlan,
  type PluginStatus,
  pluginNameMatches,
  SQL_PLUGIN,
} from "../../src-shared/protocol";
import { withErrorBoundaries } from "./plugin-boundaries";
import { importPlannedPlugin } from "./plugin-import";
import type { AgentLog, EmitEvent } from "./types";

/** A plugin the agent builds or imports itself (the model plugin, bootstrap, milady). */
export interface PluginCandidate {
  name: string;
  load(): Promise<Plugin>;
}

/** "bootstrap" disables "@elizaos/plugin-bootstrap"; full names match too. */
export const isDisabled = pluginNameMatches;

/** An init that never settles (a connector waiting on a network) must not hold the agent's start. */
const INIT_TIMEOUT_MS = 30_000;

export interface LoadPluginsInput {
  runtime: AgentRuntime;
  plan: PluginPlan;
  /** In registration order: the chosen model plugin (if any), bootstrap, milady. plugin-sql is already registered. */
  core: PluginCandidate[];
  /** The chosen model plugin's name: its handlers must keep serving the models it has. */
  modelPlugin?: string;
  log: AgentLog;
  emit: EmitEvent;
  initTimeoutMs?: number;
  /** Called on every imported non-core plugin before it registers: connectors and plugin-mcp come back behind their guards. */
  guard?: (name: string, plugin: Plugin) => Plugin;
  /** Called when a non-core plugin could not be imported, so its connector or MCP servers can say why. */
  importFailed?: (name: string, reason: string) => void;
}

type Loaded = { ok: true; plugin: Plugin; warnings: string[] } | { ok: false; reason: string };
interface Slot {
  entry: PlannedPlugin;
  core: boolean;
  result?: Loaded;
  status?: PluginStatus["status"];
  reason?: string;
}

const errText = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const servesEmbeddings = (p: Plugin) => !!p.models?.[ModelType.TEXT_EMBEDDING];

/**
 * Imports every planned plugin in parallel, then registers them one by one: the chosen
 * model plugin first (right after plugin-sql, registered before the migrations), other
 * plugins serving TEXT_EMBEDDING next (bootstrap's embedding service looks for one when it
 * starts), bootstrap, milady, then the rest in plan order. A plugin whose import or init
 * throws is `failed` with its reason and the agent runs without it; every non-core plugin
 * runs behind error boundaries (plugin-boundaries.ts). Returns one status per plan entry.
 */
export async function loadPlugins(input: LoadPluginsInput): Promise<PluginStatus[]> {
  const { runtime, plan, log } = input;
  // A core name also appears as a refused shadow (source custom...): the core entry is the one with source core.
  // (An ejected copy of a core npm plugin keeps origin core and loads in its place.)
  const planned = new Map(plan.plugins.filter((p) => p.origin === "core").map((p) => [p.name, p]));
  const coreNames = new Set([SQL_PLUGIN, ...input.core.map((c) => c.name)]);
  const slots: Slot[] = [];
  // Core plugins the plan does not name (a plan built without them) still load.
  for (const name of [SQL_PLUGIN, ...input.core.map((c) => c.name)]) {
    const entry = planned.get(name) ?? { name, source: "core" as const, origin: "core" };
    slots.push({ entry, core: true, status: entry.status, reason: entry.reason });
  }
  for (const entry of plan.plugins) {
    if (coreNames.has(entry.name) && entry.origin === "core") continue;
    slots.push({ entry, core: false, status: entry.status, reason: entry.reason });
  }
  const slot = (name: string) => slots.find((s) => s.core && s.entry.name === name);
  slot(SQL_PLUGIN)!.status = "loaded"; // registered by start-agent before the migrations

  // Import in parallel (the plan already said which ones will not load).
  const t0 = Date.now();
  await Promise.all(
    slots.map(async (s) => {
      if (s.status) return;
      if (s.core && s.entry.source === "ejected" && s.entry.import) {
        s.result = await importPlannedPlugin(s.entry);
      } else if (s.core) {
        const candidate = input.core.find((c) => c.name === s.entry.name);
        if (!candidate) return;
        s.result = await candidate.load().then(
          (plugin): Loaded => ({ ok: true, plugin, warnings: [] }),
          (err): Loaded => ({ ok: false, reason: errText(err) }),
        );
      } else {
        const result = await importPlannedPlugin(s.entry);
        if (result.ok && input.guard) result.plugin = input.guard(s.entry.name, result.plugin);
        if (!result.ok) input.importFailed?.(s.entry.name, result.reason);
        s.result = result;
      }
    }),
  );

  const tImported = Date.now();
  const ready = slots.filter((s) => s.result?.ok);
  const pluginOf = (s: Slot) => (s.result as { plugin: Plugin }).plugin;
  const model = input.modelPlugin ? ready.find((s) => s.core && s.entry.name === input.modelPlugin) : undefined;
  if (model)
    keepChosenModelFirst(model, ready.map(pluginOf), (p) => (model.result = { ...model.result!, plugin: p } as Loaded));

  const order = [
    ...(model ? [model] : []),
    ...ready.filter((s) => !s.core && servesEmbeddings(pluginOf(s))),
    ...input.core
      .filter((c) => c.name !== input.modelPlugin)
      .flatMap((c) => ready.filter((s) => s.core && s.entry.name === c.name)),
    ...ready.filter((s) => !s.core && !servesEmbeddings(pluginOf(s))),
  ];
  for (const s of order) {
    const plugin = s.core ? pluginOf(s) : withErrorBoundaries(pluginOf(s), { log, emit: input.emit });
    if (!s.core && plugin.adapter) {
      // registerPlugin would swap the agent's database for it.
      s.status = "refused";
      s.reason = "it brings its own database adapter; Milady's database is plugin-sql's";
      continue;
    }
    const clash = runtime.plugins.find((p) => p.name === plugin.name);
    if (clash) {
      s.status = "refused";
      s.reason = `its plugin object is named "${plugin.name}", like a plugin already loaded: rename it`;
      continue;
    }
    try {
      await withTimeout(runtime.registerPlugin(plugin), input.initTimeoutMs ?? INIT_TIMEOUT_MS, "init");
      s.status = "loaded";
      const warnings = (s.result as { warnings: string[] }).warnings;
      if (warnings.length > 0) {
        s.reason = [s.reason, ...warnings].filter(Boolean).join("; ");
        for (const w of warnings) log.warn("plugins", `plugin ${s.entry.name}: ${w}`);
      }
    } catch (err) {
      // registerPlugin adds the plugin before init runs: take it out again.
      const at = runtime.plugins.indexOf(plugin);
      if (at >= 0) runtime.plugins.splice(at, 1);
      s.status = "failed";
      s.reason = `init failed: ${errText(err)}`;
    }
  }
  log.debug("plugins", `imported ${slots.length} in ${tImported - t0} ms, registered in ${Date.now() - tImported} ms`);
  for (const s of slots) {
    if (s.result && !s.result.ok) {
      s.status = "failed";
      s.reason = s.result.reason;
    }
    if (!s.status) s.status = "failed"; // imported, but never reached registration
  }

  const statuses = slots.map((s): PluginStatus => {
    const description = s.result?.ok ? (s.entry.description ?? s.result.plugin.description) : s.entry.description;
    return {
      name: s.entry.name,
      status: s.status!,
      ...(s.reason ? { reason: s.reason } : {}),
      source: s.entry.source,
      ...(s.entry.version ? { version: s.entry.version } : {}),
      ...(description ? { description } : {}),
    };
  });
  logSummary(statuses, log);
  return statuses;
}

/**
 * elizaOS 1.7.2 picks a model handler by plugin priority, then registration order
 * (runtime.registerModel sorts by both; getModel takes the first). The chosen plugin is
 * registered first, and gets a priority above every other plugin with models, so a plugin
 * auto-enabled by its key (or any other) can add model types but never take the chosen ones.
 */
function keepChosenModelFirst(model: Slot, all: Plugin[], replace: (p: Plugin) => void): void {
  const chosen = (model.result as { plugin: Plugin }).plugin;
  const others = all.filter((p) => p !== chosen && p.models && Object.keys(p.models).length > 0);
  if (others.length === 0) return;
  const top = Math.max(...others.map((p) => p.priority ?? 0));
  if ((chosen.priority ?? 0) > top) return;
  replace(Object.assign(Object.create(Object.getPrototypeOf(chosen)) as Plugin, chosen, { priority: top + 1 }));
}

function logSummary(statuses: PluginStatus[], log: AgentLog): void {
  const of = (status: PluginStatus["status"]) => statuses.filter((s) => s.status === status);
  const loaded = of("loaded");
  const failed = of("failed");
  const off = statuses.filter((s) => s.status === "refused" || s.status === "denied" || s.status === "disabled");
  const parts = [`loaded ${loaded.length} (${loaded.map((s) => s.name).join(", ")})`, `failed ${failed.length}`];
  if (failed.length > 0) parts[1] += ` (${failed.map((s) => `${s.name}: ${s.reason}`).join("; ")})`;
  if (off.length > 0)
    parts.push(
      `not loaded ${off.length} (${off.map((s) => `${s.name}: ${s.status}${s.reason ? `, ${s.reason}` : ""}`).join("; ")})`,
    );
  (failed.length > 0 ? log.warn : log.info).call(log, "plugins", `plugins: ${parts.join(", ")}`);
}

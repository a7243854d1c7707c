import type { Plugin } from "@elizaos/core";

/** An elizaOS plugin is an object with a string `name` (everything else is optional). */
export function isPlugin(value: unknown): value is Plugin {
  return !!value && typeof value === "object" && typeof (value as { name?: unknown }).name === "string";
}

function namedPlugins(mod: unknown): unknown[] {
  if (!mod || typeof mod !== "object") return [];
  return Object.entries(mod as Record<string, unknown>)
    .filter(([key]) => key.endsWith("Plugin"))
    .map(([, value]) => value);
}

/**
 * The plugin among a module's exports, in this order: `export default`, CommonJS
 * `module.exports` (Bun's `default`) and its `.default`, `export const plugin`, a named
 * `*Plugin` export (also on a CommonJS exports object). Undefined when none is a plugin.
 */
export function findPluginExport(mod: Record<string, unknown>): Plugin | undefined {
  const def = mod.default as Record<string, unknown> | undefined;
  const candidates: unknown[] = [
    def,
    def?.default,
    mod.plugin,
    def?.plugin,
    ...namedPlugins(mod),
    ...namedPlugins(def),
  ];
  return candidates.find(isPlugin);
}

/** The error text of a module without a plugin: what was looked for. */
export function noPluginExport(what: string, mod: Record<string, unknown>): string {
  const keys = Object.keys(mod).slice(0, 10).join(", ") || "nothing";
  return `${what} exports no plugin (looked for export default, module.exports, export const plugin and a named *Plugin export, each an object with a string name; it exports ${keys})`;
}

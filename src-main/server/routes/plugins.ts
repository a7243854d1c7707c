import { isCorePlugin, MiladyError, type PluginStatus } from "../../../src-shared/protocol";
import { json } from "../respond";
import type { RouteDef } from "../router";
import type { RouteContext } from "../types";

export interface PluginListEntry extends PluginStatus {
  /** False when listed in config plugins.disabled (takes effect at the next agent start). */
  enabled: boolean;
}

function listPlugins(ctx: RouteContext): PluginListEntry[] {
  const disabled = new Set(ctx.options.config.current().plugins.disabled);
  const out: PluginListEntry[] = ctx.options.agent
    .status()
    .plugins.map((plugin) => ({ ...plugin, enabled: !disabled.has(plugin.name) }));
  const known = new Set(out.map((plugin) => plugin.name));
  for (const name of disabled) {
    if (!known.has(name)) out.push({ name, status: "disabled", enabled: false });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Plugin names are package names: "@scope/name" or "name", nothing that could smuggle a path. */
const PLUGIN_NAME = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i;

function toggle(enable: boolean) {
  return async (ctx: RouteContext): Promise<Response> => {
    const name = ctx.params.name!;
    if (!PLUGIN_NAME.test(name) || name.length > 214) {
      throw new MiladyError("validation_failed", `name: "${name}" is not a plugin package name`);
    }
    if (!enable && isCorePlugin(name)) {
      throw new MiladyError(
        "conflict",
        `${name} is required: the agent cannot start or answer without it`,
        "To change how the agent thinks, pick another model provider in Models instead.",
      );
    }
    const current = ctx.options.config.current().plugins.disabled;
    const disabled = enable ? current.filter((n) => n !== name) : [...new Set([...current, name])];
    await ctx.options.config.patch({ config: { plugins: { disabled } } });
    return json({ name, enabled: enable, disabled, restartRequired: true });
  };
}

export const pluginRoutes: RouteDef[] = [
  { method: "GET", path: "/api/plugins", handler: (ctx) => json({ plugins: listPlugins(ctx) }) },
  // A scoped name arrives URL-encoded ("%40elizaos%2Fplugin-sql"): one segment after decoding.
  { method: "POST", path: "/api/plugins/:name/enable", handler: toggle(true) },
  { method: "POST", path: "/api/plugins/:name/disable", handler: toggle(false) },
];

import { type PluginListEntry, pluginsContract } from "../../../src-shared/contracts";
import { isCorePlugin, MiladyError, pluginNameMatches } from "../../../src-shared/protocol";
import type { AgentController } from "../../agent-host/types";
import type { ConfigStore } from "../../config/types";
import { type ContractRouteOptions, implementRoutes } from "../contract-routes";

/** Plugin names are package names: "@scope/name" or "name", nothing that could smuggle a path. */
const PLUGIN_NAME = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i;

interface PluginDeps {
  agent: AgentController;
  config: ConfigStore;
}

/** Switched off for the next start: plugins.disabled (short names too) or entries.<name>.enabled false. */
function switchedOff(config: ConfigStore, name: string): boolean {
  const plugins = config.current().plugins;
  return pluginNameMatches(name, plugins.disabled) || plugins.entries[name]?.enabled === false;
}

function listPlugins({ agent, config }: PluginDeps): PluginListEntry[] {
  const disabled = config.current().plugins.disabled;
  const out: PluginListEntry[] = agent
    .status()
    .plugins.map((plugin) => ({ ...plugin, enabled: !switchedOff(config, plugin.name) }));
  const known = new Set(out.map((plugin) => plugin.name));
  for (const name of disabled) {
    if (!known.has(name) && !out.some((p) => pluginNameMatches(p.name, [name])))
      out.push({ name, status: "disabled", enabled: false });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

async function toggle(deps: PluginDeps, name: string, enable: boolean) {
  const { config } = deps;
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
  // Only a plugin the agent knows (loaded, failed, or switched off) can be switched: a typo must not answer "done".
  if (!listPlugins(deps).some((plugin) => plugin.name === name)) {
    throw new MiladyError(
      "not_found",
      `there is no plugin named ${name}`,
      "GET /api/plugins (or the Plugins tab) lists the names; start the agent first if the list is empty",
    );
  }
  // Written to plugins.disabled (as before); enabling also clears an entries.<name>.enabled false.
  const current = config.current().plugins.disabled;
  const disabled = enable ? current.filter((n) => !pluginNameMatches(name, [n])) : [...new Set([...current, name])];
  const entryOff = config.current().plugins.entries[name]?.enabled === false;
  await config.patch({
    config: { plugins: { disabled, ...(enable && entryOff ? { entries: { [name]: { enabled: true } } } : {}) } },
  });
  return { name, enabled: enable, disabled, restartRequired: true };
}

export function pluginRoutes(deps: PluginDeps & ContractRouteOptions) {
  return implementRoutes(
    pluginsContract,
    {
      list: async () => ({ plugins: listPlugins(deps) }),
      // A scoped name arrives URL-encoded ("%40elizaos%2Fplugin-sql"): one segment after decoding.
      enable: ({ params }) => toggle(deps, params.name, true),
      disable: ({ params }) => toggle(deps, params.name, false),
    },
    deps,
  );
}

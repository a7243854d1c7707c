import type { Plugin } from "@elizaos/core";
import type { ConnectorId } from "../../../src-shared/config/extensions-schema";
import type { AgentBootConfig } from "../../../src-shared/protocol";
import { CONNECTORS } from "../../../src-shared/protocol/connectors";
import type { AgentLog } from "../../runtime/types";
import { guardConnectorPlugin } from "./connector-guard";
import { extensionState } from "./extension-state";
import { guardMcpPlugin } from "./mcp-guard";

export const MCP_PLUGIN = "@elizaos/plugin-mcp";

const connectorOf = (name: string) =>
  (Object.keys(CONNECTORS) as ConnectorId[]).find((id) => CONNECTORS[id].plugin === name);

/**
 * The one hook the plugin loader calls on an imported plugin before registering it: a
 * connector plugin (Telegram, Discord) or plugin-mcp comes back behind its guard
 * (connector-guard.ts, mcp-guard.ts), anything else unchanged. A connector's settings come
 * from the boot config (boot.extensions, made by main from config: src-main/connectors/boot.ts).
 */
export function guardExtension(name: string, plugin: Plugin, boot: AgentBootConfig, log: AgentLog): Plugin {
  const id = connectorOf(name);
  if (id) {
    const apiBase = boot.extensions?.connectors.find((c) => c.id === id)?.apiBase;
    return guardConnectorPlugin(plugin, { id, state: extensionState, log, apiBase });
  }
  if (name === MCP_PLUGIN) {
    return guardMcpPlugin(plugin, { servers: boot.extensions?.mcp?.servers ?? {}, state: extensionState, log });
  }
  return plugin;
}

/** A connector or MCP plugin that could not be imported: its connector or servers say why. */
export function extensionFailed(name: string, reason: string, boot: AgentBootConfig): void {
  const id = connectorOf(name);
  if (id) extensionState.connector(id, { status: "failed", reason: `its plugin did not load: ${reason}` });
  if (name === MCP_PLUGIN) {
    for (const server of Object.keys(boot.extensions?.mcp?.servers ?? {})) {
      extensionState.server(server, { status: "failed", reason: `plugin-mcp did not load: ${reason}` });
    }
  }
}

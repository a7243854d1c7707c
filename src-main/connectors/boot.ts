import { existsSync } from "node:fs";
import { join } from "node:path";
import { CONNECTOR_IDS, type ConnectorId, type MiladyConfig } from "../../src-shared/config";
import type { AgentBootConfig } from "../../src-shared/protocol";
import { CONNECTOR_API_BASE_ENV } from "../../src-shared/protocol/connector-check";
import { CONNECTORS } from "../../src-shared/protocol/connectors";

/**
 * The versions Milady installs on demand: the 1.x releases that run against its @elizaos/core
 * 1.7.2. plugin-mcp is 1.3.5, not the newer 1.8.2: 1.8.2 imports `getRequestContext`, which
 * core 1.7.2 does not export, so it fails to load (measured).
 */
export const EXTENSION_SPECS: Record<ConnectorId | "mcp", string> = {
  telegram: "@elizaos/plugin-telegram@1.6.4",
  discord: "@elizaos/plugin-discord@1.3.8",
  mcp: "@elizaos/plugin-mcp@1.3.5",
};
export const MCP_PLUGIN = "@elizaos/plugin-mcp";
/** plugin-discord depends on @discordjs/opus, whose install step downloads or compiles a binary: scripts stay off (voice fails, text works). */
export const ALLOW_SCRIPTS = false;

/** Test-only: the API base of a named test double server for a connector's token check. */
export function apiBaseOverride(
  id: ConnectorId,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  return env[CONNECTOR_API_BASE_ENV[id]] || undefined;
}

/** A connector is on when its config entry exists and is not disabled and its token is saved. */
export function connectorWanted(config: MiladyConfig, secrets: Record<string, string>, id: ConnectorId): boolean {
  const entry = config.connectors[id];
  return !!entry && entry.enabled !== false && !!secrets[CONNECTORS[id].secrets[0]];
}

export function enabledMcpServers(config: MiladyConfig) {
  return Object.fromEntries(Object.entries(config.mcp.servers).filter(([, s]) => s.enabled !== false));
}

/** The installed directory of a plugin, when its record points at a package that is there. */
export function installedPath(config: MiladyConfig, name: string): string | undefined {
  const record = config.plugins.installs[name];
  return record && existsSync(join(record.path, "package.json")) ? record.path : undefined;
}

/**
 * What the agent needs for connectors and MCP: each configured connector (its installed
 * directory, and the test-only API base) and the enabled MCP servers with plugin-mcp's directory.
 */
export function bootExtensions(
  config: MiladyConfig,
  secrets: Record<string, string>,
  env: Record<string, string | undefined> = process.env,
): AgentBootConfig["extensions"] {
  const connectors: NonNullable<AgentBootConfig["extensions"]>["connectors"] = CONNECTOR_IDS.filter((id) =>
    connectorWanted(config, secrets, id),
  ).map((id) => ({ id, path: installedPath(config, CONNECTORS[id].plugin), apiBase: apiBaseOverride(id, env) }));
  const servers = enabledMcpServers(config);
  const mcp =
    Object.keys(servers).length > 0
      ? {
          path: installedPath(config, MCP_PLUGIN),
          servers: Object.fromEntries(
            Object.entries(servers).map(([name, s]) => [name, { command: s.command, args: s.args, env: s.env }]),
          ),
        }
      : undefined;
  if (connectors.length === 0 && !mcp) return undefined;
  return { connectors, mcp };
}

import { CONNECTOR_IDS, type ConnectorId } from "../../../src-shared/config";
import { connectorsContract, MCP_SERVER_NAME } from "../../../src-shared/contracts";
import { MiladyError } from "../../../src-shared/protocol";
import type { AgentController } from "../../agent-host/types";
import type { ConfigStore } from "../../config/types";
import { ConnectorService } from "../../connectors";
import { createLogger, type LogHub } from "../../logging";
import { createPluginInstaller } from "../../plugins";
import type { PluginManager } from "../../plugins/manager";
import { type ContractRouteOptions, implementRoutes } from "../contract-routes";

interface ConnectorRouteDeps extends ContractRouteOptions {
  agent: AgentController;
  config: ConfigStore;
  logs: LogHub;
  /** The one connector service (made here from the installer when not given). */
  connectors?: ConnectorService;
  /** The plugin manager: its installer is the one npm runner for the state dir (installs one at a time). */
  plugins?: PluginManager;
}

function connectorId(id: string): ConnectorId {
  if (!(CONNECTOR_IDS as readonly string[]).includes(id)) {
    throw new MiladyError("not_found", `there is no connector "${id}"`, `Connectors: ${CONNECTOR_IDS.join(", ")}.`);
  }
  return id as ConnectorId;
}

function serverName(name: string): string {
  if (!MCP_SERVER_NAME.test(name)) {
    throw new MiladyError(
      "validation_failed",
      `name: "${name}" is not an MCP server name`,
      "Use letters, digits, - and _ (up to 40), e.g. memory or files.",
    );
  }
  return name;
}

export function connectorRoutes(deps: ConnectorRouteDeps) {
  const log = createLogger(deps.logs, "connectors");
  const service =
    deps.connectors ??
    new ConnectorService({
      config: deps.config,
      agent: deps.agent,
      log,
      installer:
        deps.plugins?.installer ??
        createPluginInstaller({ stateDir: deps.config.paths.stateDir, config: deps.config, log }),
    });
  return implementRoutes(
    connectorsContract,
    {
      list: async () => ({ connectors: await service.list() }),
      configure: ({ params, body }) => service.configure(connectorId(params.id), body),
      remove: ({ params }) => service.remove(connectorId(params.id)),
      test: ({ params, body }) => service.test(connectorId(params.id), body.token),
      mcpList: () => service.mcpList(),
      mcpSet: ({ params, body }) => service.mcpSet(serverName(params.name), body),
      mcpRemove: ({ params }) => service.mcpRemove(serverName(params.name)),
    },
    deps,
  );
}

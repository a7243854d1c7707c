import type { ConnectorId } from "../../../src-shared/config/extensions-schema";
import type { AgentConnectorState, McpServerState } from "../../../src-shared/contracts";

type ServerTools = McpServerState["tools"];

/**
 * How the agent's connector plugins and MCP servers are doing, written by their guards
 * (connector-guard.ts, mcp-guard.ts) and read by the connectors channel. One per agent start.
 */
export class ExtensionState {
  private readonly connectors = new Map<ConnectorId, AgentConnectorState>();
  private readonly servers = new Map<string, Omit<McpServerState, "tools">>();
  /** Reads the live tool list of the MCP service (set once it runs). */
  mcpTools: (server: string) => ServerTools = () => [];

  connector(id: ConnectorId, state: Omit<AgentConnectorState, "id">): void {
    this.connectors.set(id, { id, ...state });
  }

  connectorState(id: ConnectorId): AgentConnectorState | undefined {
    return this.connectors.get(id);
  }

  server(name: string, state: Omit<McpServerState, "name" | "tools">): void {
    this.servers.set(name, { name, ...state });
  }

  serverState(name: string): Omit<McpServerState, "tools"> | undefined {
    return this.servers.get(name);
  }

  snapshot(): { connectors: AgentConnectorState[]; mcp: McpServerState[] } {
    return {
      connectors: [...this.connectors.values()],
      mcp: [...this.servers.values()].map((s) => ({
        ...s,
        tools: s.status === "connected" ? this.mcpTools(s.name) : [],
      })),
    };
  }
}

/** The agent process runs one agent at a time (a fresh worker or child per start). */
export const extensionState = new ExtensionState();

import type { IAgentRuntime, Plugin } from "@elizaos/core";
import type { McpServerConfig } from "../../../src-shared/config/extensions-schema";
import type { AgentLog } from "../../runtime/types";
import type { ExtensionState } from "./extension-state";

/**
 * @elizaos/plugin-mcp 1.3.5 (the 1.x release that runs on Milady's @elizaos/core 1.7.2: 1.8.2
 * imports `getRequestContext`, which 1.7.2 lacks), read from its code: `McpService` reads
 * `character.settings.mcp.servers` (runtime.getSetting returns null for objects), connects to
 * each over stdio, and one action, CALL_MCP_TOOL, asks the model for a tool (JSON
 * `{serverName, toolName}`), then for its arguments (`{toolArguments}`), calls it, and asks the
 * model once more to answer the user with the tool's output. What Milady changes, by
 * subclassing the service:
 * - a server that never answers would keep `start()` waiting forever, and a failed one is
 *   retried without end (each attempt resets its counter): every connection attempt is bounded
 *   (CONNECT_TIMEOUT_MS), retries stop after MAX_CONNECT_FAILURES, and each server's state
 *   (connecting / connected / failed with the reason) is reported to main.
 */
export const MAX_CONNECT_FAILURES = 3;
export const MCP_CONNECT_TIMEOUT_MS = 20_000;
export const MCP_TOOL_ACTION = "CALL_MCP_TOOL";

interface McpServerView {
  name: string;
  status: string;
  error?: string;
  tools?: Array<{ name: string; description?: string }>;
}
interface McpServiceLike {
  runtime: IAgentRuntime;
  initializationPromise: Promise<void> | null;
  initializeConnection(name: string, config: unknown): Promise<void>;
  handleDisconnection(name: string, error: unknown): void;
  deleteConnection(name: string): Promise<void>;
  getServers(): McpServerView[];
}
type McpServiceClass = (new (
  runtime: IAgentRuntime,
) => McpServiceLike) & {
  serviceType: string;
  start(runtime: IAgentRuntime): Promise<McpServiceLike>;
};

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export interface McpGuardOptions {
  servers: Record<string, Pick<McpServerConfig, "command" | "args" | "env">>;
  state: ExtensionState;
  log: AgentLog;
  connectTimeoutMs?: number;
}

/** plugin-mcp with Milady's service subclass and its servers in the character settings it reads. */
export function guardMcpPlugin(plugin: Plugin, opts: McpGuardOptions): Plugin {
  const Base = plugin.services?.find((s) => (s as { serviceType?: string }).serviceType === "mcp") as
    | McpServiceClass
    | undefined;
  const proto = Base?.prototype as Partial<McpServiceLike> | undefined;
  if (!Base || typeof proto?.initializeConnection !== "function") {
    throw new Error(
      "this @elizaos/plugin-mcp is not the 1.x shape Milady knows (McpService.initializeConnection): install @elizaos/plugin-mcp@1.3.5",
    );
  }
  return withGuardedService(plugin, Base, opts);
}

function withGuardedService(plugin: Plugin, Base: McpServiceClass, opts: McpGuardOptions): Plugin {
  const { state, log } = opts;
  const timeoutMs = opts.connectTimeoutMs ?? MCP_CONNECT_TIMEOUT_MS;
  for (const name of Object.keys(opts.servers)) state.server(name, { status: "connecting" });
  // Outside the class: the base constructor connects before a subclass field would exist.
  const failures = new Map<string, number>();

  class MiladyMcpService extends Base {
    static override serviceType = Base.serviceType;

    static override async start(runtime: IAgentRuntime): Promise<MiladyMcpService> {
      runtime.character.settings = runtime.character.settings ?? {};
      const settings = runtime.character.settings as Record<string, unknown>;
      settings.mcp = {
        servers: Object.fromEntries(
          Object.entries(opts.servers).map(([name, s]) => [
            name,
            { type: "stdio", command: s.command, args: s.args, env: s.env },
          ]),
        ),
      };
      const svc = new MiladyMcpService(runtime);
      state.mcpTools = (server) => svc.toolsOf(server);
      // Bounded: every connection attempt below has its own timeout.
      await svc.initializationPromise;
      return svc;
    }

    override async initializeConnection(name: string, config: unknown): Promise<void> {
      if (!failures.has(name)) state.server(name, { status: "connecting" });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const attempt = super.initializeConnection(name, config);
      try {
        await Promise.race([
          attempt,
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`the server did not answer within ${Math.round(timeoutMs / 1000)} s`)),
              timeoutMs,
            );
          }),
        ]);
        failures.delete(name);
        state.server(name, { status: "connected" });
        log.info("mcp", `MCP server ${name} connected (${this.toolsOf(name).length} tools)`);
      } catch (err) {
        const reason = this.reasonOf(name, err);
        state.server(name, { status: "failed", reason });
        log.warn("mcp", `MCP server ${name} failed: ${reason}`);
        // A timed-out attempt is still running: closing its transport ends the server process.
        attempt.catch(() => {});
        throw err;
      } finally {
        clearTimeout(timer);
      }
    }

    override handleDisconnection(name: string, error: unknown): void {
      const count = (failures.get(name) ?? 0) + 1;
      failures.set(name, count);
      const reason = this.reasonOf(name, error);
      state.server(name, { status: "failed", reason });
      // One failed attempt reports up to twice (the transport's error, then its own throw).
      if (count > MAX_CONNECT_FAILURES * 2) {
        log.warn("mcp", `MCP server ${name}: no more retries (${reason})`);
        void this.deleteConnection(name).catch(() => {});
        return;
      }
      super.handleDisconnection(name, error);
    }

    /** The error, plus what the server wrote before it went (plugin-mcp keeps it on the connection). */
    private reasonOf(name: string, err: unknown): string {
      const said = this.getServers()
        .find((s) => s.name === name)
        ?.error?.trim();
      const text = errorText(err);
      return said && !said.includes(text) ? `${text} (${said.split("\n").at(-1)})` : text;
    }

    toolsOf(server: string) {
      const view = this.getServers().find((s) => s.name === server);
      return (view?.tools ?? []).map((t) => ({ name: t.name, description: t.description, action: MCP_TOOL_ACTION }));
    }
  }

  return { ...plugin, services: [MiladyMcpService as unknown as NonNullable<Plugin["services"]>[number]] };
}

import type { Action, Content, HandlerCallback, IAgentRuntime, Memory, Plugin, State } from "@elizaos/core";
import type { McpServerConfig } from "../../../src-shared/config/extensions-schema";
import type { AgentLog } from "../../runtime/types";
import type { ExtensionState } from "./extension-state";

/**
 * @elizaos/plugin-mcp 1.8.2, read from its code: `McpService` reads
 * `character.settings.mcp.servers` (runtime.getSetting returns null for objects), connects to
 * each server (60 s timeout), and turns every tool into an action `<SERVER>_<TOOL>` whose
 * arguments come from `message.content.actionParams` or `state.data.actionParams` (set only
 * by core's multi-step loop). Two things Milady changes, by subclassing the service:
 * - a failed server is retried forever (each `connect()` resets its attempt counter): the
 *   guard stops after MAX_CONNECT_FAILURES and reports the server `failed` with the reason;
 * - in the single-shot reply path Milady uses, the model's `<params>` JSON (flat, or keyed by
 *   the action name) is handed to the tool action, and the tool's answer goes back through
 *   the reply callback (core stores action results out of the chat).
 */
export const MAX_CONNECT_FAILURES = 3;

interface McpToolMeta {
  serverName: string;
  toolName: string;
}
type McpAction = Action & { _mcpMeta?: McpToolMeta; _miladyWrapped?: boolean };
interface McpServerView {
  name: string;
  status: string;
  tools?: Array<{ name: string; description?: string }>;
}
interface McpServiceLike {
  runtime: IAgentRuntime;
  connect(name: string, config: unknown): Promise<void>;
  handleDisconnect(name: string, error: unknown): void;
  registerToolsAsActions(serverName: string, tools: unknown[]): void;
  getServers(): McpServerView[];
  getRegisteredActions(): McpAction[];
}
type McpServiceClass = (new (runtime: IAgentRuntime) => McpServiceLike) & {
  serviceType: string;
  start(runtime: IAgentRuntime): Promise<McpServiceLike>;
};

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** `<params>` from the model's reply: a JSON object, flat or keyed by the action's name. */
export function paramsFor(actionName: string, responses: Memory[] | undefined): Record<string, unknown> | undefined {
  const raw = (responses?.[0]?.content as { params?: unknown } | undefined)?.params;
  let parsed: unknown = raw;
  if (typeof raw === "string") {
    try {
      parsed = JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return undefined;
  const byName = Object.entries(parsed).find(([k]) => k.toUpperCase() === actionName.toUpperCase())?.[1];
  if (byName && typeof byName === "object" && !Array.isArray(byName)) return byName as Record<string, unknown>;
  return parsed as Record<string, unknown>;
}

function wrapToolAction(action: McpAction, log: AgentLog): void {
  if (action._miladyWrapped) return;
  action._miladyWrapped = true;
  const original = action.handler;
  const where = action._mcpMeta ? `${action._mcpMeta.serverName}/${action._mcpMeta.toolName}` : action.name;
  action.handler = async (runtime, message, state, options, callback?: HandlerCallback, responses?: Memory[]) => {
    const params = paramsFor(action.name, responses);
    const withParams: State | undefined =
      params && !state?.data?.actionParams
        ? ({ ...(state ?? {}), data: { ...(state?.data ?? {}), actionParams: params } } as State)
        : state;
    let result: { success?: boolean; text?: string; error?: unknown } | undefined;
    try {
      result = (await original(runtime, message, withParams, options, callback, responses)) as typeof result;
    } catch (err) {
      log.warn("mcp", `tool ${where} failed: ${errorText(err)}`);
      result = { success: false, error: errorText(err) };
    }
    const ok = result?.success !== false;
    const text = ok
      ? result?.text || `${where} returned nothing`
      : `The ${where} tool failed: ${result?.text || errorText(result?.error ?? "unknown error")}`;
    const content: Content = { text, actions: [action.name], source: "mcp" };
    await callback?.(content);
    return result as Awaited<ReturnType<NonNullable<Action["handler"]>>>;
  };
}

export interface McpGuardOptions {
  servers: Record<string, Pick<McpServerConfig, "command" | "args" | "env">>;
  state: ExtensionState;
  log: AgentLog;
}

/** plugin-mcp with Milady's service subclass and its servers in the character settings it reads. */
export function guardMcpPlugin(mod: Record<string, unknown>, opts: McpGuardOptions): Plugin {
  const plugin = (mod.default ?? mod.mcpPlugin) as Plugin | undefined;
  const Base = mod.McpService as McpServiceClass | undefined;
  if (!plugin || !Base) {
    throw new Error("@elizaos/plugin-mcp does not export its plugin and McpService (version skew?)");
  }
  return withService(plugin, Base, opts);
}

function withService(plugin: Plugin, Base: McpServiceClass, opts: McpGuardOptions): Plugin {
  const { state, log } = opts;
  for (const name of Object.keys(opts.servers)) state.server(name, { status: "connecting" });

  // Outside the class: the base constructor calls connect() before a subclass field would exist.
  const failures = new Map<string, number>();

  class MiladyMcpService extends Base {
    static override serviceType = Base.serviceType;

    static override async start(runtime: IAgentRuntime): Promise<MiladyMcpService> {
      const settings = (runtime.character.settings ??= {}) as Record<string, unknown>;
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
      // The base constructor already began connecting; start() waits for that, bounded by its own timeouts.
      await (svc as unknown as { initPromise: Promise<void> }).initPromise;
      return svc;
    }

    override async connect(name: string, config: unknown): Promise<void> {
      const base = name.split(":")[0];
      if (!failures.has(base)) state.server(base, { status: "connecting" });
      try {
        await super.connect(name, config);
        failures.delete(base);
        state.server(base, { status: "connected" });
      } catch (err) {
        state.server(base, { status: "failed", reason: errorText(err) });
        log.warn("mcp", `MCP server ${base} failed: ${errorText(err)}`);
        throw err;
      }
    }

    override handleDisconnect(name: string, error: unknown): void {
      const base = name.split(":")[0];
      const count = (failures.get(base) ?? 0) + 1;
      failures.set(base, count);
      const reason = errorText(error);
      state.server(base, { status: "failed", reason });
      // Each failed attempt reports twice (the transport's error and connect()'s throw).
      if (count > MAX_CONNECT_FAILURES * 2) {
        log.warn("mcp", `MCP server ${base}: giving up after ${MAX_CONNECT_FAILURES} attempts (${reason})`);
        return;
      }
      super.handleDisconnect(name, error);
    }

    override registerToolsAsActions(serverName: string, tools: unknown[]): void {
      super.registerToolsAsActions(serverName, tools);
      for (const action of this.getRegisteredActions()) wrapToolAction(action, log);
    }

    toolsOf(server: string) {
      const view = this.getServers().find((s) => s.name === server);
      const actions = this.getRegisteredActions();
      return (view?.tools ?? []).map((t) => ({
        name: t.name,
        description: t.description,
        action: actions.find((a) => a._mcpMeta?.serverName === server && a._mcpMeta.toolName === t.name)?.name,
      }));
    }
  }

  return { ...plugin, services: [MiladyMcpService as unknown as NonNullable<Plugin["services"]>[number]] };
}

import type { z } from "zod";
import { MiladyError, type PluginStatus } from "../../src-shared/protocol";
import type { AgentModule, ModuleContext, PluginParts, RequestContext } from "../modules";

type Instance = ReturnType<AgentModule["create"]>;

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "(params)"}: ${i.message}`).join("; ");
}

/** The agent's modules for one start: created together, started in order, stopped in reverse. */
export class ModuleDispatcher {
  private readonly entries: Array<{ module: AgentModule; instance: Instance }>;
  private readonly byChannel = new Map<string, { module: AgentModule; instance: Instance }>();

  constructor(modules: readonly AgentModule[], ctx: ModuleContext) {
    this.entries = modules.map((module) => ({ module, instance: module.create(ctx) }));
    for (const entry of this.entries) this.byChannel.set(entry.module.contract.name, entry);
  }

  pluginParts(): PluginParts[] {
    return this.entries.flatMap(({ instance }) => (instance.plugin ? [instance.plugin] : []));
  }

  pluginStatuses(): PluginStatus[] {
    return this.entries.flatMap(({ instance }) => instance.pluginStatuses?.() ?? []);
  }

  async start(): Promise<void> {
    for (const { instance } of this.entries) await instance.start?.();
  }

  async stop(): Promise<void> {
    for (const { instance } of [...this.entries].reverse()) await instance.stop?.();
  }

  async dispatch(channel: string, method: string, params: unknown, ctx: RequestContext): Promise<unknown> {
    const entry = this.byChannel.get(channel);
    const contract = entry?.module.contract.channel[method];
    const handler = entry?.instance.handlers[method];
    if (!entry || !contract || !handler) {
      throw new MiladyError("bad_request", `the agent has no method ${channel}.${method}`);
    }
    const parsed = contract.params.safeParse(params);
    if (!parsed.success) {
      throw new MiladyError("validation_failed", `${channel}.${method}: ${describeIssues(parsed.error)}`);
    }
    return handler(parsed.data, ctx);
  }
}

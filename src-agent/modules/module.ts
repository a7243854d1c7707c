import type { Action, AgentRuntime, Evaluator, Provider } from "@elizaos/core";
import type { Capability, ChannelHandlers } from "../../src-shared/contracts";
import type { AgentBootConfig, PluginStatus, WireError } from "../../src-shared/protocol";
import type { DbHealth } from "../runtime/db-health";
import type { AgentLog, EmitEvent } from "../runtime/types";

export type { EmitEvent };

/** What every module may use; made once per agent start, after the runtime is initialised. */
export interface ModuleContext {
  runtime: AgentRuntime;
  boot: AgentBootConfig;
  log: AgentLog;
  emit: EmitEvent;
  /** Why the agent cannot reply (no model...), or undefined; known once the model plugin is registered. */
  cannotReply(): WireError | undefined;
  /** True while main has paused the agent: no new turns. */
  paused(): boolean;
  /** Database failures go here (main's status shows them); a success after one clears it. */
  dbHealth: DbHealth;
  /** Kills the agent the hard way (the scripted model's [crash] directive). */
  crash(): never;
}

/** Per request: the envelope id, so streamed events can name the request they belong to. */
export interface RequestContext {
  requestId: string;
}

/** The elizaOS pieces a module adds to the Milady plugin. */
export interface PluginParts {
  actions?: Action[];
  providers?: Provider[];
  evaluators?: Evaluator[];
}

export interface ModuleInstance<C extends Capability> {
  /** One handler per method of the capability's channel: a missing one is a type error. */
  handlers: ChannelHandlers<C, RequestContext>;
  plugin?: PluginParts;
  /** Parts of the Milady plugin with a status of their own (custom actions), listed with the plugins. */
  pluginStatuses?(): PluginStatus[];
  /** After every plugin is registered (migrations, caches). */
  start?(): Promise<void>;
  /** Before the runtime stops, in reverse order of start. */
  stop?(): Promise<void>;
}

export type MethodHandler = (params: unknown, ctx: RequestContext) => Promise<unknown>;

/** A module as the host sees it: handlers by method name, params already checked against the contract. */
export interface AgentModule {
  contract: Capability;
  create(ctx: ModuleContext): Omit<ModuleInstance<Capability>, "handlers"> & {
    handlers: Record<string, MethodHandler>;
  };
}

/**
 * One capability's agent side: `create` runs at every agent start with the shared context.
 * Typed against the contract here; the host only needs the erased shape, since it validates
 * params with the same contract before calling a handler.
 */
export function defineAgentModule<C extends Capability>(
  contract: C,
  create: (ctx: ModuleContext) => ModuleInstance<C>,
): AgentModule {
  return { contract, create: create as unknown as AgentModule["create"] };
}

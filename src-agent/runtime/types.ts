import type { z } from "zod";
import type { Capability } from "../../src-shared/contracts";
import type { AgentToHost, LogLine } from "../../src-shared/protocol";
import type { DbHealth } from "./db-health";

export type LogLevel = LogLine["level"];

/** Log sink of the agent; the host loop forwards lines to main as `log` messages. */
export interface AgentLog {
  error(source: string, msg: string): void;
  warn(source: string, msg: string): void;
  info(source: string, msg: string): void;
  debug(source: string, msg: string): void;
}

/** Pushes one of a capability's declared events to main. */
export type EmitEvent = <C extends Capability, E extends keyof C["events"] & string>(
  contract: C,
  name: E,
  payload: z.input<C["events"][E]>,
) => void;

/** Wraps a capability event in the host envelope. */
export function eventEmitter(post: (msg: AgentToHost) => void): EmitEvent {
  return (contract, name, payload) => post({ type: "event", channel: contract.name, name, payload });
}

export interface AgentDeps {
  log: AgentLog;
  emit: EmitEvent;
  /** True while main has paused the agent. */
  paused(): boolean;
  /** Whether the database works; failures reported here reach main's status. */
  dbHealth: DbHealth;
  /** Kills the agent the hard way (used by the scripted model's [crash]). */
  crash(): never;
}

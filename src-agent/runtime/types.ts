import type { AgentToHost, LogLine } from "../../src-shared/protocol";

export type LogLevel = LogLine["level"];

/** Log sink of the agent; the host loop forwards lines to main as `log` messages. */
export interface AgentLog {
  error(source: string, msg: string): void;
  warn(source: string, msg: string): void;
  info(source: string, msg: string): void;
  debug(source: string, msg: string): void;
}

export interface AgentDeps {
  log: AgentLog;
  /** Posts a message to the main process. */
  post(msg: AgentToHost): void;
  /** Kills the agent the hard way (used by the scripted model's [crash]). */
  crash(): never;
}

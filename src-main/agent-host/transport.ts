import type { HostToAgent } from "../../src-shared/protocol";

/**
 * One running agent (a Worker or a child process). The AgentManager makes a
 * fresh transport for every start: plugin-sql keeps a process-global PGlite
 * singleton that cannot be reopened in the same isolate after a stop.
 */
export interface AgentTransport {
  readonly kind: "worker" | "process";
  send(message: HostToAgent): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Fires once when the agent is gone, expected or not. */
  onExit(listener: (reason: string) => void): void;
  /** Hard stop; resolves when the agent is gone. */
  terminate(): Promise<void>;
}

import { type AgentTransport, createProcessTransport, createWorkerTransport } from "../agent-host";
import type { FileConfigStore } from "../config";
import { AGENT_PROCESS_ENTRY, AGENT_WORKER_ENTRY } from "./paths";

type HostKind = "worker" | "process";

const createFor = (kind: HostKind): AgentTransport =>
  kind === "process" ? createProcessTransport(AGENT_PROCESS_ENTRY) : createWorkerTransport(AGENT_WORKER_ENTRY);

/**
 * A transport whose messages and exit wait for their listeners: an agent started ahead of its
 * AgentManager says `hello` before anyone listens, and that `hello` must still reach the manager.
 */
export function heldTransport(transport: AgentTransport): AgentTransport & { exited(): boolean } {
  const held: unknown[] = [];
  const listeners: Array<(message: unknown) => void> = [];
  const exitListeners: Array<(reason: string) => void> = [];
  let exitReason: string | undefined;
  transport.onMessage((message) => {
    if (listeners.length === 0) held.push(message);
    else for (const listener of listeners) listener(message);
  });
  transport.onExit((reason) => {
    exitReason = reason;
    for (const listener of exitListeners) listener(reason);
  });
  return {
    kind: transport.kind,
    send: (message) => transport.send(message),
    onMessage: (listener) => {
      listeners.push(listener);
      // After the caller's synchronous wiring (its exit listener too), in arrival order.
      if (listeners.length === 1 && held.length > 0) queueMicrotask(() => held.splice(0).forEach(listener));
    },
    onExit: (listener) => {
      if (exitReason !== undefined) queueMicrotask(() => listener(exitReason!));
      else exitListeners.push(listener);
    },
    terminate: () => transport.terminate(),
    exited: () => exitReason !== undefined,
  };
}

/**
 * Where the agent runs (`agent.host`: a Bun Worker or a child process) and what it is called:
 * the server's agent and the CLI's own.
 *
 * `startEarly()` starts the agent's Worker (or process) now, before the HTTP server, so its
 * runtime boots (a new JS VM, then the host loop) while main finishes its own start; the first
 * `createTransport()` hands it over if the host kind is still the one configured. It changes
 * nothing about what the agent is told: the boot config is sent on `hello`, as for any start.
 * `discardEarly()` ends it when no start took it (main stops first).
 */
export function agentHostOptions(store: FileConfigStore) {
  let early: ReturnType<typeof heldTransport> | undefined;
  const hostKind = (): HostKind => store.current().agent.host;
  return {
    createTransport: (): AgentTransport => {
      const spare = early;
      early = undefined;
      if (spare && spare.kind === hostKind() && !spare.exited()) return spare;
      if (spare) void spare.terminate();
      return createFor(hostKind());
    },
    startEarly: (): void => {
      early ??= heldTransport(createFor(hostKind()));
    },
    discardEarly: async (): Promise<void> => {
      const spare = early;
      early = undefined;
      await spare?.terminate();
    },
    hostKind,
    agentName: () => store.current().character.name,
  };
}

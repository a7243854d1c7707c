import { createProcessTransport, createWorkerTransport, sharedPgliteWasm } from "../agent-host";
import type { FileConfigStore } from "../config";
import { AGENT_PROCESS_ENTRY, AGENT_WORKER_ENTRY } from "./paths";

/** Where the agent runs (`agent.host`: a Bun Worker or a child process) and what it is called: the server's agent and the CLI's own. */
export function agentHostOptions(store: FileConfigStore) {
  return {
    createTransport: (boot: { postgresUrl?: string }) =>
      store.current().agent.host === "process"
        ? createProcessTransport(AGENT_PROCESS_ENTRY)
        : createWorkerTransport(AGENT_WORKER_ENTRY, boot.postgresUrl ? {} : { pgliteWasm: sharedPgliteWasm() }),
    hostKind: () => store.current().agent.host,
    agentName: () => store.current().character.name,
  };
}

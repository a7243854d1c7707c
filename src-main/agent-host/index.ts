export { AgentEvents } from "./agent-events";
export { AgentManager, type AgentManagerOptions } from "./agent-manager";
export { sharedPgliteWasm } from "./pglite-wasm";
export { createProcessTransport } from "./process-transport";
export { RestartPolicy } from "./restart-policy";
export type { AgentTransport } from "./transport";
export type { AgentController, ChannelMethod, RequestOptions } from "./types";
export { createWorkerTransport } from "./worker-transport";

export { AgentManager, type AgentManagerOptions } from "./agent-manager";
export { createProcessTransport } from "./process-transport";
export { RestartPolicy } from "./restart-policy";
export type { AgentTransport } from "./transport";
export type { AgentController, AgentManagerEvents, HostRequestBody, RequestOptions } from "./types";
export { createWorkerTransport } from "./worker-transport";

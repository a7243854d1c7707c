export { logsFeature } from "./feature";
export { LogsPanel, LogsView } from "./logs-view";
export { useLogStream } from "./use-log-stream";

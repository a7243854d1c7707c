export { createFileSink } from "./file-sink";
export { createLogger, type Logger, LogHub, type LogSink } from "./log-hub";

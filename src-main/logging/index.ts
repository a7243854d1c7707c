export { createFileSink } from "./file-sink";
export { createLogger, LogHub, type Logger, type LogSink } from "./log-hub";

import type { LogLevel } from "../../src-shared/config";
import type { LogLine } from "../../src-shared/protocol";

const LEVEL_RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };
const COLORS: Record<LogLevel, string> = { error: "\x1b[31m", warn: "\x1b[33m", info: "\x1b[36m", debug: "\x1b[90m" };

export interface LogSink {
  write(line: LogLine): void;
}

/**
 * Every log line of the process (main and agent) passes through here: it is
 * printed to stderr at the configured level, kept in a ring buffer for
 * `GET /api/logs`, appended to <state>/logs/milady.log, and fanned out to live tails.
 */
export class LogHub {
  private readonly buffer: LogLine[] = [];
  private readonly listeners = new Set<(line: LogLine) => void>();
  private readonly sinks: LogSink[] = [];

  constructor(
    private level: LogLevel = "info",
    private color = false,
    private readonly capacity = 2000,
  ) {}

  configure(options: { level?: LogLevel; color?: boolean }): void {
    if (options.level) this.level = options.level;
    if (options.color !== undefined) this.color = options.color;
  }

  addSink(sink: LogSink): void {
    this.sinks.push(sink);
  }

  enabled(level: LogLevel): boolean {
    return LEVEL_RANK[level] <= LEVEL_RANK[this.level];
  }

  push(line: LogLine): void {
    if (!this.enabled(line.level)) return;
    this.buffer.push(line);
    if (this.buffer.length > this.capacity) this.buffer.splice(0, this.buffer.length - this.capacity);
    process.stderr.write(`${this.format(line)}\n`);
    for (const sink of this.sinks) sink.write(line);
    for (const listener of this.listeners) listener(line);
  }

  recent(limit = 200): LogLine[] {
    return this.buffer.slice(-limit);
  }

  subscribe(listener: (line: LogLine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private format(line: LogLine): string {
    const time = new Date(line.ts).toISOString().slice(11, 23);
    const level = line.level.toUpperCase().padEnd(5);
    if (!this.color) return `${time} ${level} [${line.source}] ${line.msg}`;
    return `\x1b[90m${time}\x1b[0m ${COLORS[line.level]}${level}\x1b[0m \x1b[35m[${line.source}]\x1b[0m ${line.msg}`;
  }
}

export interface Logger {
  error(msg: string): void;
  warn(msg: string): void;
  info(msg: string): void;
  debug(msg: string): void;
}

export function createLogger(hub: LogHub, source: string): Logger {
  const at = (level: LogLevel) => (msg: string) => hub.push({ ts: Date.now(), level, source, msg });
  return { error: at("error"), warn: at("warn"), info: at("info"), debug: at("debug") };
}

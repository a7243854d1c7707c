import { logsContract } from "../../src-shared/contracts";
import type { LogLine } from "../../src-shared/protocol";
import type { AgentLog, EmitEvent, LogLevel } from "../runtime/types";

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/** Agent logs go to main as `logs.log` events, filtered by the boot log level (info until init). */
export class LogForwarder implements AgentLog {
  level: LogLevel = "info";

  constructor(private readonly emit: EmitEvent) {}

  private line(level: LogLevel, source: string, msg: string): void {
    if (RANK[level] > RANK[this.level]) return;
    const line: LogLine = { ts: Date.now(), level, source, msg };
    try {
      this.emit(logsContract, "log", { line });
    } catch {
      // The channel is gone (host died): nothing left to tell.
    }
  }

  error(source: string, msg: string) {
    this.line("error", source, msg);
  }
  warn(source: string, msg: string) {
    this.line("warn", source, msg);
  }
  info(source: string, msg: string) {
    this.line("info", source, msg);
  }
  debug(source: string, msg: string) {
    this.line("debug", source, msg);
  }
}

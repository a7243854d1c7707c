import { create } from "zustand";
import type { LogLine } from "../../src-shared/protocol/events";

export type LevelFilter = "all" | LogLine["level"];

/** 2,000 lines is ~10 minutes of a chatty agent at info level and stays fast to filter on a phone. */
export const MAX_LOG_LINES = 2000;

const RANK: Record<LogLine["level"], number> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface LogsState {
  lines: LogLine[];
  level: LevelFilter;
  search: string;
  /** Autoscroll is paused while the user reads older lines. */
  paused: boolean;
  connected: boolean;
}

export const useLogsStore = create<LogsState>(() => ({
  lines: [],
  level: "all",
  search: "",
  paused: false,
  connected: false,
}));

/** Level filter is "this level and more severe" (like the server's ?level=); search is case-insensitive on msg and source. */
export function filterLogs(lines: LogLine[], level: LevelFilter, search: string): LogLine[] {
  const q = search.trim().toLowerCase();
  return lines.filter(
    (l) =>
      (level === "all" || RANK[l.level] <= RANK[level]) &&
      (!q || l.msg.toLowerCase().includes(q) || l.source.toLowerCase().includes(q)),
  );
}

export function appendLogs(lines: LogLine[]): void {
  useLogsStore.setState((s) => {
    const all = s.lines.concat(lines);
    return { lines: all.length > MAX_LOG_LINES ? all.slice(all.length - MAX_LOG_LINES) : all };
  });
}

import { useEffect, useMemo, useRef } from "react";
import { filterLogs, type LevelFilter, useLogsStore } from "../../stores";
import { Badge, Button, Input } from "../shell/ui";
import { useLogStream } from "./use-log-stream";

const LEVEL_TONE = { error: "text-danger", warn: "text-warn", info: "text-fg", debug: "text-muted" } as const;
const LEVELS: LevelFilter[] = ["all", "error", "warn", "info", "debug"];

export function LogsView({ live = true }: { live?: boolean }) {
  return live ? <LiveLogs /> : <LogsPanel />;
}

function LiveLogs() {
  useLogStream();
  return <LogsPanel />;
}

export function LogsPanel() {
  const { lines, level, search, paused, connected } = useLogsStore();
  const shown = useMemo(() => filterLogs(lines, level, search), [lines, level, search]);
  const box = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when the visible line count changes
  useEffect(() => {
    if (!paused && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [shown.length, paused]);
  return (
    <div className="flex h-full min-h-0 flex-col p-4 sm:p-6">
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <h1 className="mr-2 text-xl font-semibold tracking-tight">Logs</h1>
        <Badge tone={connected ? "ok" : "warn"}>{connected ? "live" : "reconnecting"}</Badge>
        <select
          aria-label="Level"
          value={level}
          onChange={(e) => useLogsStore.setState({ level: e.target.value as LevelFilter })}
          className="ml-auto min-h-9 rounded-lg border border-line bg-bg px-2 text-sm"
        >
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {l === "all" ? "All levels" : `${l} and above`}
            </option>
          ))}
        </select>
        <Input
          aria-label="Search logs"
          placeholder="Search…"
          className="w-44"
          value={search}
          onChange={(e) => useLogsStore.setState({ search: e.target.value })}
        />
        <Button aria-pressed={paused} onClick={() => useLogsStore.setState({ paused: !paused })}>
          {paused ? "Resume autoscroll" : "Pause"}
        </Button>
      </div>
      <div
        ref={box}
        role="log"
        aria-label="Log lines"
        className="flex-1 overflow-auto rounded-xl border border-line bg-surface p-3 font-mono text-xs leading-5"
        onWheel={(e) => {
          // Scrolling up means "let me read": pause autoscroll until the user resumes.
          if (e.deltaY < 0 && !paused) useLogsStore.setState({ paused: true });
        }}
      >
        {shown.length === 0 && (
          <p className="text-muted">{lines.length ? "No lines match the filter." : "Waiting for log lines…"}</p>
        )}
        {shown.map((l, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: log lines can share a timestamp; the list only appends
          <div key={`${l.ts}-${i}`} className="whitespace-pre-wrap break-words" data-testid="log-line">
            <span className="text-muted">{new Date(l.ts).toLocaleTimeString()} </span>
            <span className={`${LEVEL_TONE[l.level]} uppercase`}>{l.level.padEnd(5)} </span>
            <span className="text-accent">[{l.source}] </span>
            <span className={LEVEL_TONE[l.level]}>{l.msg}</span>
          </div>
        ))}
      </div>
    </div>
  );
}

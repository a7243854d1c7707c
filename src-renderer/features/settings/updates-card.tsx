import { useEffect } from "react";
import type { UpdateChannel, UpdateMode, UpdateState, UpdateStatus } from "../../../src-shared/protocol/updates";
import {
  checkForUpdates,
  downloadUpdate,
  loadUpdates,
  restartToUpdate,
  saveUpdateSettings,
  useUpdatesStore,
} from "../../stores";
import { Badge, Button, Card, ErrorNote, Field } from "../shell/ui";

const STATE: Record<UpdateState, { label: string; tone: "ok" | "warn" | "danger" | "muted" | "accent" }> = {
  disabled: { label: "Off (development build)", tone: "muted" },
  idle: { label: "Not checked yet", tone: "muted" },
  checking: { label: "Checking…", tone: "accent" },
  up_to_date: { label: "Up to date", tone: "ok" },
  available: { label: "Update available", tone: "accent" },
  downloading: { label: "Downloading", tone: "accent" },
  ready: { label: "Ready to install", tone: "ok" },
  deferred: { label: "Waiting to restart", tone: "warn" },
  applying: { label: "Restarting", tone: "accent" },
  error: { label: "Failed", tone: "danger" },
};

const CHANNELS: Record<UpdateChannel, string> = {
  stable: "Releases.",
  beta: "Previews of the next release.",
  canary: "Every build; expect breakage.",
};

/** What a mode does depends on who updates: the desktop app itself, or `milady update` on a server. */
function modeHint(mode: UpdateMode, desktop: boolean): string {
  if (mode === "off") return "No automatic checks; Check now still works.";
  if (!desktop) return "Asks npm at start, at most once a day, and says so when there is a new version.";
  return mode === "auto"
    ? "Checks at start and every 6 hours and downloads in the background; you choose when to restart."
    : "Checks at start and every 6 hours and tells you; downloads when you ask.";
}

const when = (ts: number) => new Date(ts).toLocaleString();

function Progress({ value }: { value?: number }) {
  return (
    <div
      role="progressbar"
      aria-label="Update download"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value}
      className="h-2 overflow-hidden rounded-full bg-surface-2"
    >
      <div
        className={`h-full bg-accent transition-[width] ${value === undefined ? "w-1/3 animate-pulse" : ""}`}
        style={value === undefined ? undefined : { width: `${value}%` }}
      />
    </div>
  );
}

function Select<T extends string>(props: {
  id: string;
  value: T;
  options: readonly T[];
  disabled: boolean;
  onChange(value: T): void;
}) {
  return (
    <select
      id={props.id}
      value={props.value}
      disabled={props.disabled}
      onChange={(e) => props.onChange(e.target.value as T)}
      className="min-h-9 w-full rounded-lg border border-line bg-bg px-2 text-sm disabled:opacity-50"
    >
      {props.options.map((option) => (
        <option key={option} value={option}>
          {option}
        </option>
      ))}
    </select>
  );
}

function StatusLine({ status }: { status: UpdateStatus }) {
  if (status.state === "error" && status.error) {
    const retry = status.error.retryAt ? ` Next try: ${when(status.error.retryAt)}.` : "";
    return <ErrorNote error={{ message: status.error.message, fix: `${status.error.fix ?? ""}${retry}`.trim() }} />;
  }
  return (
    <div className="flex flex-col gap-2" data-testid="update-message" aria-live="polite">
      {status.message && <p className="text-sm">{status.message}</p>}
      {status.state === "downloading" && <Progress value={status.progress} />}
    </div>
  );
}

export function UpdatesCard() {
  const { status, pending, failure } = useUpdatesStore();
  useEffect(() => {
    void loadUpdates();
  }, []);
  if (!status) {
    return (
      <Card title="Updates">
        {failure ? (
          <ErrorNote error={failure} onRetry={() => void loadUpdates()} />
        ) : (
          <p className="text-sm">Loading…</p>
        )}
      </Card>
    );
  }
  const desktop = status.backend === "desktop";
  const off = status.state === "disabled";
  const working = pending !== null || ["checking", "downloading", "applying"].includes(status.state);
  const state = STATE[status.state];
  return (
    <Card title="Updates" actions={<Badge tone={state.tone}>{state.label}</Badge>}>
      <div className="flex flex-col gap-4" data-testid="updates">
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
          <dt className="text-muted">Version</dt>
          <dd className="font-mono">{status.current}</dd>
          {status.available && (
            <>
              <dt className="text-muted">New version</dt>
              <dd className="font-mono">{status.available.version}</dd>
            </>
          )}
          <dt className="text-muted">Last check</dt>
          <dd>{status.lastCheckAt ? when(status.lastCheckAt) : "never"}</dd>
          {status.nextCheckAt && (
            <>
              <dt className="text-muted">Next check</dt>
              <dd>{when(status.nextCheckAt)}</dd>
            </>
          )}
        </dl>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Channel" htmlFor="update-channel" hint={CHANNELS[status.configuredChannel]}>
            <Select
              id="update-channel"
              value={status.configuredChannel}
              options={["stable", "beta", "canary"] as const}
              disabled={off || pending === "settings"}
              onChange={(channel) => void saveUpdateSettings({ channel })}
            />
          </Field>
          <Field label="Mode" htmlFor="update-mode" hint={modeHint(status.mode, desktop)}>
            <Select
              id="update-mode"
              value={status.mode}
              options={["auto", "notify", "off"] as const}
              disabled={off || pending === "settings"}
              onChange={(mode) => void saveUpdateSettings({ mode })}
            />
          </Field>
        </div>
        {status.channelNote && <p className="text-xs text-warn">{status.channelNote}</p>}
        <StatusLine status={status} />
        <div className="flex flex-wrap gap-2">
          <Button onClick={() => void checkForUpdates()} disabled={off || working}>
            {status.state === "checking" || pending === "check" ? "Checking…" : "Check now"}
          </Button>
          {desktop && status.state === "available" && status.available && (
            <Button onClick={() => void downloadUpdate()} disabled={working}>
              Download {status.available.version}
            </Button>
          )}
          {desktop && status.canApply && (
            <Button variant="primary" onClick={() => void restartToUpdate()} disabled={working}>
              Restart to update
            </Button>
          )}
        </div>
        {!desktop && (
          <div className="text-sm" data-testid="update-command">
            <p className="text-muted">
              This Milady runs headless and cannot replace itself while it runs. To update, run this in a terminal, then
              restart Milady:
            </p>
            <code className="mt-1 inline-block rounded bg-surface-2 px-2 py-1 font-mono">
              {status.applyCommand ?? "milady update"}
            </code>
          </div>
        )}
        {failure && <ErrorNote error={failure} />}
      </div>
    </Card>
  );
}

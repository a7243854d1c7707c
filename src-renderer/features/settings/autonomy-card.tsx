import { useEffect, useState } from "react";
import type { AutonomyStatus, AutonomyWake } from "../../../src-shared/protocol";
import { loadAutonomy, saveAutonomy, useAutonomyStore, wakeAutonomyNow } from "../../stores";
import { Badge, Button, Card, ErrorNote, Field } from "../shell/ui";

const when = (ts: number) => new Date(ts).toLocaleString();

const RESULT: Record<AutonomyWake["status"], { label: string; tone: "ok" | "warn" | "danger" | "accent" }> = {
  running: { label: "running", tone: "accent" },
  ok: { label: "answered", tone: "ok" },
  skipped: { label: "skipped", tone: "warn" },
  error: { label: "failed", tone: "danger" },
};

function NumberField(props: {
  id: string;
  label: string;
  hint: string;
  value: number;
  min: number;
  max: number;
  disabled: boolean;
  onSave(value: number): void;
}) {
  const [text, setText] = useState(String(props.value));
  useEffect(() => setText(String(props.value)), [props.value]);
  const n = Number(text);
  const valid = Number.isInteger(n) && n >= props.min && n <= props.max;
  return (
    <Field
      label={props.label}
      htmlFor={props.id}
      hint={props.hint}
      error={valid ? undefined : `a whole number from ${props.min} to ${props.max}`}
    >
      <input
        id={props.id}
        type="number"
        inputMode="numeric"
        min={props.min}
        max={props.max}
        value={text}
        disabled={props.disabled}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => valid && n !== props.value && props.onSave(n)}
        className="min-h-9 w-full rounded-lg border border-line bg-bg px-2 text-sm disabled:opacity-50"
      />
    </Field>
  );
}

function LastWake({ wake }: { wake?: AutonomyWake }) {
  if (!wake) return <dd>never</dd>;
  const result = RESULT[wake.status];
  return (
    <dd className="flex flex-col gap-1" data-testid="autonomy-last-wake">
      <span className="flex flex-wrap items-center gap-2">
        {when(wake.at)} <Badge tone={result.tone}>{result.label}</Badge>
      </span>
      {wake.text && <span className="whitespace-pre-wrap break-words text-muted">{wake.text}</span>}
    </dd>
  );
}

function Body({ status, busy }: { status: AutonomyStatus; busy: boolean }) {
  const capped = status.callsThisHour >= status.maxModelCallsPerHour;
  return (
    <div className="flex flex-col gap-4" data-testid="autonomy">
      <label className="flex items-center gap-3 text-sm">
        <input
          type="checkbox"
          role="switch"
          aria-checked={status.enabled}
          aria-label="Autonomy loop"
          checked={status.enabled}
          disabled={busy}
          onChange={(e) => void saveAutonomy({ enabled: e.target.checked })}
          className="h-5 w-5 accent-[var(--color-accent,currentColor)]"
        />
        Wake the agent on a schedule to decide what to do next (its answers stay here, not in your chats)
      </label>
      <div className="grid gap-4 sm:grid-cols-2">
        <NumberField
          id="autonomy-interval"
          label="Every (minutes)"
          hint="How often the agent wakes."
          value={status.intervalMinutes}
          min={1}
          max={1440}
          disabled={busy}
          onSave={(intervalMinutes) => void saveAutonomy({ intervalMinutes })}
        />
        <NumberField
          id="autonomy-cap"
          label="Model calls per hour, at most"
          hint="Wakes are skipped once the loop has used this many."
          value={status.maxModelCallsPerHour}
          min={1}
          max={1000}
          disabled={busy}
          onSave={(maxModelCallsPerHour) => void saveAutonomy({ maxModelCallsPerHour })}
        />
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        <dt className="text-muted">Calls this hour</dt>
        <dd data-testid="autonomy-calls" className={capped ? "text-warn" : ""}>
          {status.callsThisHour} of {status.maxModelCallsPerHour}
          {capped && status.capResetsAt ? ` (cap reached until ${when(status.capResetsAt)})` : ""}
        </dd>
        <dt className="text-muted">Last wake</dt>
        <LastWake wake={status.lastWake} />
        {status.nextWakeAt && (
          <>
            <dt className="text-muted">Next wake</dt>
            <dd>{when(status.nextWakeAt)}</dd>
          </>
        )}
      </dl>
      <div>
        <Button onClick={() => void wakeAutonomyNow()} disabled={busy || status.running}>
          {status.running || busy ? "Waking…" : "Wake now"}
        </Button>
      </div>
    </div>
  );
}

/** The Autonomy card of the Settings tab: the loop's switch, interval, cap, last wake and calls used this hour. */
export function AutonomyCard() {
  const { status, pending, failure } = useAutonomyStore();
  useEffect(() => {
    void loadAutonomy();
  }, []);
  return (
    <Card
      title="Autonomy"
      id="settings-autonomy"
      actions={
        status ? <Badge tone={status.enabled ? "ok" : "muted"}>{status.enabled ? "On" : "Off"}</Badge> : undefined
      }
    >
      {status ? <Body status={status} busy={pending !== null} /> : !failure && <p className="text-sm">Loading…</p>}
      {failure && <ErrorNote error={failure} onRetry={() => void loadAutonomy()} />}
    </Card>
  );
}

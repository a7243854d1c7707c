import { useEffect, useState } from "react";
import type { Conversation } from "../../../src-shared/protocol/conversations";
import { TRIGGER_KINDS, type Trigger, type TriggerKind } from "../../../src-shared/protocol/triggers";
import { getApi, toast, useTriggersStore } from "../../stores";
import { Dialog } from "../shell/dialog";
import { Badge, Button, Card, ErrorNote, errorInfo, Field, Input, Page, TextArea } from "../shell/ui";
import {
  describeSchedule,
  EMPTY_FORM,
  type FormErrors,
  fieldOfServerError,
  formatTime,
  type TriggerForm,
  triggerBody,
  validateTriggerForm,
} from "./trigger-form";

/** Touch targets of 44 px at least (phones). */
const TOUCH = "min-h-11 min-w-11";
const KIND_LABEL: Record<TriggerKind, string> = { interval: "Every", once: "Once", cron: "Cron" };

async function loadTriggers(): Promise<void> {
  const { triggers } = await getApi().triggers.list();
  useTriggersStore.setState({ triggers, loaded: true });
}

function replaceTrigger(trigger: Trigger): void {
  useTriggersStore.setState((s) => ({ triggers: s.triggers.map((t) => (t.id === trigger.id ? trigger : t)) }));
}

export function TriggersView() {
  const { triggers, loaded } = useTriggersStore();
  const [error, setError] = useState<{ message: string; fix?: string } | null>(null);
  const [conversations, setConversations] = useState<Conversation[]>([]);

  const load = () =>
    loadTriggers()
      .then(() => setError(null))
      .catch((e) => setError(errorInfo(e)));
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once on mount
  useEffect(() => {
    void load();
    getApi()
      .conversations.list()
      .then((r) => setConversations(r.conversations))
      .catch(() => setConversations([]));
  }, []);

  return (
    <Page
      title="Triggers"
      description="Prompts the agent answers on a schedule. A run missed while Milady was off runs once when it starts; while the agent is paused runs are skipped."
    >
      {error && <ErrorNote error={error} onRetry={() => void load()} />}
      <AddTrigger conversations={conversations} />
      <Card title="Triggers">
        {loaded && triggers.length === 0 && <p className="text-sm text-muted">No triggers yet. Add one above.</p>}
        <ul className="divide-y divide-line">
          {triggers.map((t) => (
            <TriggerRow key={t.id} trigger={t} conversations={conversations} />
          ))}
        </ul>
      </Card>
    </Page>
  );
}

function AddTrigger({ conversations }: { conversations: Conversation[] }) {
  const [form, setForm] = useState<TriggerForm>(EMPTY_FORM);
  const [errors, setErrors] = useState<FormErrors>({});
  const [serverError, setServerError] = useState<{ message: string; fix?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof TriggerForm) => (value: string) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const submit = async () => {
    const found = validateTriggerForm(form);
    setErrors(found);
    setServerError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const created = await getApi().triggers.create({ body: triggerBody(form) });
      useTriggersStore.setState((s) => ({ triggers: [...s.triggers, created] }));
      toast("success", `Trigger “${created.name}” added.`);
      setForm(EMPTY_FORM);
    } catch (e) {
      const info = errorInfo(e);
      const field = fieldOfServerError(info.message);
      if (field) setErrors({ [field]: info.message });
      else setServerError(info);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Add a trigger">
      <form
        className="flex flex-col gap-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Field label="Name" htmlFor="trigger-name" error={errors.name}>
          <Input
            id="trigger-name"
            className={TOUCH}
            value={form.name}
            aria-invalid={!!errors.name}
            onChange={(e) => set("name")(e.target.value)}
          />
        </Field>
        <fieldset className="flex flex-col gap-1.5">
          <legend className="mb-1.5 text-sm font-medium">When</legend>
          <div className="flex gap-2" role="radiogroup" aria-label="Kind">
            {TRIGGER_KINDS.map((kind) => (
              <Button
                key={kind}
                role="radio"
                aria-checked={form.kind === kind}
                variant={form.kind === kind ? "primary" : "secondary"}
                className={`${TOUCH} flex-1`}
                onClick={() => set("kind")(kind)}
              >
                {KIND_LABEL[kind]}
              </Button>
            ))}
          </div>
        </fieldset>
        {form.kind === "interval" && (
          <Field
            label="Every (minutes)"
            htmlFor="trigger-every"
            error={errors.everyMinutes}
            hint="At least 10 seconds (0.2 minutes)."
          >
            <Input
              id="trigger-every"
              inputMode="decimal"
              className={TOUCH}
              value={form.everyMinutes}
              aria-invalid={!!errors.everyMinutes}
              onChange={(e) => set("everyMinutes")(e.target.value)}
            />
          </Field>
        )}
        {form.kind === "once" && (
          <Field label="At" htmlFor="trigger-at" error={errors.at}>
            <Input
              id="trigger-at"
              type="datetime-local"
              className={TOUCH}
              value={form.at}
              aria-invalid={!!errors.at}
              onChange={(e) => set("at")(e.target.value)}
            />
          </Field>
        )}
        {form.kind === "cron" && (
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Cron expression" htmlFor="trigger-cron" error={errors.cron} hint="0 9 * * * is 09:00 daily.">
              <Input
                id="trigger-cron"
                className={`${TOUCH} font-mono`}
                value={form.cron}
                aria-invalid={!!errors.cron}
                onChange={(e) => set("cron")(e.target.value)}
              />
            </Field>
            <Field
              label="Time zone"
              htmlFor="trigger-tz"
              error={errors.timezone}
              hint="e.g. Europe/Berlin; empty for the server's."
            >
              <Input
                id="trigger-tz"
                className={TOUCH}
                value={form.timezone}
                aria-invalid={!!errors.timezone}
                onChange={(e) => set("timezone")(e.target.value)}
              />
            </Field>
          </div>
        )}
        <Field label="Prompt" htmlFor="trigger-prompt" error={errors.prompt}>
          <TextArea
            id="trigger-prompt"
            rows={3}
            value={form.prompt}
            aria-invalid={!!errors.prompt}
            onChange={(e) => set("prompt")(e.target.value)}
          />
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Conversation"
            htmlFor="trigger-conversation"
            error={errors.conversationId}
            hint="Where the reply goes; without one, only into the run history."
          >
            <select
              id="trigger-conversation"
              className={`${TOUCH} rounded-lg border border-line bg-bg px-3 text-sm`}
              value={form.conversationId}
              onChange={(e) => set("conversationId")(e.target.value)}
            >
              <option value="">None (run history only)</option>
              {conversations.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Max runs" htmlFor="trigger-max" error={errors.maxRuns} hint="Empty for no limit.">
            <Input
              id="trigger-max"
              inputMode="numeric"
              className={TOUCH}
              value={form.maxRuns}
              aria-invalid={!!errors.maxRuns}
              onChange={(e) => set("maxRuns")(e.target.value)}
            />
          </Field>
        </div>
        {serverError && <ErrorNote error={serverError} />}
        <div>
          <Button type="submit" variant="primary" className={TOUCH} disabled={busy}>
            {busy ? "Adding…" : "Add trigger"}
          </Button>
        </div>
      </form>
    </Card>
  );
}

function TriggerRow({ trigger, conversations }: { trigger: Trigger; conversations: Conversation[] }) {
  const runs = useTriggersStore((s) => s.runs[trigger.id]);
  const [busy, setBusy] = useState<"toggle" | "run" | "delete" | null>(null);
  const [confirming, setConfirming] = useState(false);
  const conversation = conversations.find((c) => c.id === trigger.conversationId);

  const act = async (kind: "toggle" | "run" | "delete", work: () => Promise<void>, what: string) => {
    setBusy(kind);
    try {
      await work();
    } catch (e) {
      const info = errorInfo(e);
      toast("error", `Could not ${what}: ${info.message}`, info.fix);
    } finally {
      setBusy(null);
    }
  };
  const showHistory = async () => {
    if (runs) {
      useTriggersStore.setState((s) => {
        const { [trigger.id]: _, ...rest } = s.runs;
        return { runs: rest };
      });
      return;
    }
    const r = await getApi().triggers.runs({ params: { id: trigger.id } });
    useTriggersStore.setState((s) => ({ runs: { ...s.runs, [trigger.id]: r.runs } }));
  };

  return (
    <li className="flex flex-col gap-3 py-3" data-testid={`trigger-${trigger.id}`}>
      <div className="flex flex-wrap items-start gap-3">
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-medium">{trigger.name}</span>
            <Badge tone={trigger.enabled ? "ok" : "muted"}>{trigger.enabled ? "on" : "off"}</Badge>
          </div>
          <p className="mt-1 text-xs text-muted">
            {describeSchedule(trigger)} · next {formatTime(trigger.nextRunAt)} · {trigger.runs}
            {trigger.maxRuns ? ` of ${trigger.maxRuns}` : ""} {(trigger.maxRuns ?? trigger.runs) === 1 ? "run" : "runs"}
            {conversation ? ` · into “${conversation.title}”` : ""}
          </p>
          <p className="mt-1 line-clamp-2 text-sm">{trigger.prompt}</p>
        </div>
        <label className={`${TOUCH} flex cursor-pointer items-center gap-2 text-sm`}>
          <input
            type="checkbox"
            role="switch"
            aria-checked={trigger.enabled}
            className="h-5 w-5"
            checked={trigger.enabled}
            disabled={busy === "toggle"}
            aria-label={`${trigger.name} enabled`}
            onChange={(e) => {
              const enabled = e.target.checked;
              void act(
                "toggle",
                async () =>
                  replaceTrigger(await getApi().triggers.update({ params: { id: trigger.id }, body: { enabled } })),
                enabled ? "enable it" : "disable it",
              );
            }}
          />
          Enabled
        </label>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button
          className={TOUCH}
          disabled={busy === "run"}
          onClick={() =>
            void act(
              "run",
              async () => {
                const run = await getApi().triggers.run({ params: { id: trigger.id } });
                toast(
                  run.status === "ok" ? "success" : "error",
                  `${trigger.name}: ${run.reply ?? run.error ?? run.status}`,
                );
                await loadTriggers();
              },
              "run it",
            )
          }
        >
          {busy === "run" ? "Running…" : "Run now"}
        </Button>
        <Button
          className={TOUCH}
          variant="ghost"
          aria-expanded={!!runs}
          onClick={() => void act("run", showHistory, "load the history")}
        >
          {runs ? "Hide history" : "History"}
        </Button>
        <Button className={TOUCH} variant="danger" onClick={() => setConfirming(true)}>
          Delete
        </Button>
      </div>
      {runs && <RunHistory runs={runs} />}
      <Dialog title="Delete trigger?" open={confirming} onClose={() => setConfirming(false)}>
        <p className="text-sm text-muted">
          “<span className="text-fg">{trigger.name}</span>” and its run history will be deleted.
        </p>
        <div className="mt-4 flex justify-end gap-2">
          <Button className={TOUCH} variant="ghost" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
          <Button
            className={TOUCH}
            variant="danger"
            disabled={busy === "delete"}
            onClick={() =>
              void act(
                "delete",
                async () => {
                  await getApi().triggers.remove({ params: { id: trigger.id } });
                  setConfirming(false);
                  useTriggersStore.setState((s) => ({ triggers: s.triggers.filter((t) => t.id !== trigger.id) }));
                },
                "delete it",
              )
            }
          >
            {busy === "delete" ? "Deleting…" : "Delete"}
          </Button>
        </div>
      </Dialog>
    </li>
  );
}

function RunHistory({ runs }: { runs: NonNullable<ReturnType<typeof useTriggersStore.getState>["runs"][string]> }) {
  if (runs.length === 0) return <p className="text-sm text-muted">No runs yet.</p>;
  const tone = { ok: "ok", error: "danger", skipped: "warn" } as const;
  return (
    <ol className="flex flex-col gap-2 rounded-lg border border-line p-3" aria-label="Run history">
      {runs.map((run) => (
        <li key={run.id} className="text-sm" data-testid={`run-${run.id}`}>
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={tone[run.status]}>{run.status}</Badge>
            <span className="text-xs text-muted">
              {formatTime(run.startedAt)} · {Math.max(0, run.endedAt - run.startedAt)} ms
            </span>
          </div>
          {run.reply && <p className="mt-1 whitespace-pre-wrap break-words">{run.reply}</p>}
          {run.error && <p className="mt-1 text-danger">{run.error}</p>}
        </li>
      ))}
    </ol>
  );
}

import {
  type CreateTrigger,
  MIN_TRIGGER_INTERVAL_MS,
  type Trigger,
  type TriggerKind,
} from "../../../src-shared/protocol/triggers";

/** The add form as typed: strings, as the inputs hold them. */
export interface TriggerForm {
  name: string;
  kind: TriggerKind;
  /** interval, in minutes (decimals allowed: 0.5 is 30 s). */
  everyMinutes: string;
  /** once: a datetime-local value, in this browser's time zone. */
  at: string;
  cron: string;
  timezone: string;
  prompt: string;
  conversationId: string;
  maxRuns: string;
}

export const EMPTY_FORM: TriggerForm = {
  name: "",
  kind: "interval",
  everyMinutes: "60",
  at: "",
  cron: "0 9 * * *",
  timezone: "",
  prompt: "",
  conversationId: "",
  maxRuns: "",
};

export type FormErrors = Partial<Record<keyof TriggerForm, string>>;

const CRON_FIELD = /^[\d*/,\-A-Za-z?LW#]+$/;

/**
 * What the form can check before it asks the server (which checks everything again: the cron
 * expression fully, the time zone, that the conversation exists). Empty when it may be sent.
 */
export function validateTriggerForm(form: TriggerForm, now = Date.now()): FormErrors {
  const errors: FormErrors = {};
  if (!form.name.trim()) errors.name = "Give it a name.";
  if (!form.prompt.trim()) errors.prompt = "Write what to ask the agent.";
  if (form.kind === "interval") {
    const minutes = Number(form.everyMinutes);
    if (!form.everyMinutes.trim() || !Number.isFinite(minutes)) errors.everyMinutes = "A number of minutes.";
    else if (minutes * 60_000 < MIN_TRIGGER_INTERVAL_MS) errors.everyMinutes = "At least 10 seconds (0.17 minutes).";
  }
  if (form.kind === "once") {
    const at = Date.parse(form.at);
    if (!form.at || Number.isNaN(at)) errors.at = "Pick a date and time.";
    else if (at <= now) errors.at = "That time has passed: pick one in the future.";
  }
  if (form.kind === "cron") {
    const fields = form.cron.trim().split(/\s+/);
    if (fields.length < 5 || fields.length > 6 || !fields.every((f) => CRON_FIELD.test(f))) {
      errors.cron = 'Five fields: minute hour day month weekday, e.g. "0 9 * * *".';
    }
  }
  if (form.maxRuns.trim() && !(Number.isInteger(Number(form.maxRuns)) && Number(form.maxRuns) >= 1)) {
    errors.maxRuns = "A whole number from 1, or empty for no limit.";
  }
  return errors;
}

/** The POST /api/triggers body for a valid form. */
export function triggerBody(form: TriggerForm): CreateTrigger {
  const schedule: Pick<CreateTrigger, "kind" | "intervalMs" | "at" | "cron" | "timezone"> =
    form.kind === "interval"
      ? { kind: "interval", intervalMs: Math.round(Number(form.everyMinutes) * 60_000) }
      : form.kind === "once"
        ? { kind: "once", at: new Date(form.at).toISOString() }
        : { kind: "cron", cron: form.cron.trim(), ...(form.timezone.trim() ? { timezone: form.timezone.trim() } : {}) };
  return {
    name: form.name.trim(),
    ...schedule,
    prompt: form.prompt.trim(),
    ...(form.conversationId ? { conversationId: form.conversationId } : {}),
    ...(form.maxRuns.trim() ? { maxRuns: Number(form.maxRuns) } : {}),
  };
}

/** Which form field a server error is about, by what its message names. */
export function fieldOfServerError(message: string): keyof TriggerForm | undefined {
  if (/interval/i.test(message)) return "everyMinutes";
  if (/in the past|date and time|\bat\b/i.test(message)) return "at";
  if (/time zone/i.test(message)) return "timezone";
  if (/cron/i.test(message)) return "cron";
  if (/conversation/i.test(message)) return "conversationId";
  return undefined;
}

export function describeSchedule(t: Trigger): string {
  if (t.kind === "interval") {
    const s = Math.round((t.intervalMs ?? 0) / 1000);
    if (s % 3600 === 0) return `every ${s / 3600} h`;
    if (s % 60 === 0) return `every ${s / 60} min`;
    return `every ${s} s`;
  }
  if (t.kind === "once") return `once at ${formatTime(t.at)}`;
  return `cron ${t.cron}${t.timezone ? ` (${t.timezone})` : ""}`;
}

export function formatTime(ms: number | undefined): string {
  if (ms === undefined) return "—";
  return new Date(ms).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

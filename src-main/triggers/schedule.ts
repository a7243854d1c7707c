import { Cron } from "croner";
import {
  type CreateTrigger,
  MIN_TRIGGER_INTERVAL_MS,
  MiladyError,
  type Trigger,
  type TriggerKind,
} from "../../src-shared/protocol";

/** The schedule fields of a trigger, after validation (only the kind's own fields are kept). */
export interface Schedule {
  kind: TriggerKind;
  intervalMs?: number;
  at?: number;
  cron?: string;
  timezone?: string;
}

const invalid = (message: string, fix?: string) => new MiladyError("validation_failed", message, fix);

function parseAt(at: number | string | undefined): number | undefined {
  if (at === undefined) return undefined;
  if (typeof at === "number") return at;
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) throw invalid(`"${at}" is not a date and time`, 'Use ISO 8601, e.g. "2026-12-24T09:00:00Z".');
  return ms;
}

function checkTimezone(timezone: string): void {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
  } catch {
    throw invalid(`"${timezone}" is not a time zone`, 'Use an IANA name such as "Europe/Berlin" or "UTC".');
  }
}

function cronOf(expression: string, timezone?: string): Cron {
  try {
    return new Cron(expression, { paused: true, ...(timezone ? { timezone } : {}) });
  } catch (error) {
    throw invalid(
      `"${expression}" is not a valid cron expression: ${(error as Error).message}`,
      'Five fields: minute hour day-of-month month day-of-week, e.g. "0 9 * * *" for 09:00 every day.',
    );
  }
}

/** Checks a schedule against the clock; throws validation_failed with what to change. */
export function checkSchedule(
  input: Pick<CreateTrigger, "kind" | "intervalMs" | "at" | "cron" | "timezone">,
  now: number,
): Schedule {
  switch (input.kind) {
    case "interval": {
      if (input.intervalMs === undefined) throw invalid("an interval trigger needs intervalMs");
      if (input.intervalMs < MIN_TRIGGER_INTERVAL_MS) {
        throw invalid(
          `the interval is ${input.intervalMs} ms; the shortest is ${MIN_TRIGGER_INTERVAL_MS / 1000} s`,
          "Use 10 s or more.",
        );
      }
      return { kind: "interval", intervalMs: input.intervalMs };
    }
    case "once": {
      const at = parseAt(input.at);
      if (at === undefined) throw invalid("a once trigger needs at (when to run)");
      if (at <= now) throw invalid(`${new Date(at).toISOString()} is in the past`, "Pick a time in the future.");
      return { kind: "once", at };
    }
    case "cron": {
      if (!input.cron) throw invalid("a cron trigger needs a cron expression");
      if (input.timezone) checkTimezone(input.timezone);
      const next = cronOf(input.cron, input.timezone).nextRun(new Date(now));
      if (!next) throw invalid(`"${input.cron}" never runs again`);
      return { kind: "cron", cron: input.cron, ...(input.timezone ? { timezone: input.timezone } : {}) };
    }
  }
}

/**
 * When the trigger runs next after `from` (epoch ms), or undefined when it is disabled or
 * nothing is left (a once that ran, maxRuns reached).
 */
export function nextRun(trigger: Trigger, from: number): number | undefined {
  if (!trigger.enabled) return undefined;
  if (trigger.maxRuns !== undefined && trigger.runs >= trigger.maxRuns) return undefined;
  switch (trigger.kind) {
    case "interval":
      return trigger.intervalMs === undefined ? undefined : from + trigger.intervalMs;
    case "once":
      return trigger.runs > 0 ? undefined : trigger.at;
    case "cron": {
      if (!trigger.cron) return undefined;
      return cronOf(trigger.cron, trigger.timezone).nextRun(new Date(from))?.getTime();
    }
  }
}

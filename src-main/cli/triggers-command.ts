import type { Command } from "commander";
import type { CreateTrigger, Trigger, TriggerRun } from "../../src-shared/protocol";
import { fail, globalOptions, openConfig, UsageError } from "./context";
import { callRunning } from "./running-api";

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "90s", "10m", "1h30m", "2d" -> ms. */
export function parseEvery(value: string): number {
  const parts = [...value.trim().matchAll(/(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)/g)];
  const joined = parts.map((p) => p[0]).join("");
  if (parts.length === 0 || joined.replace(/\s/g, "") !== value.trim().replace(/\s/g, "")) {
    throw new UsageError(
      `--every must be a duration like 30s, 10m, 1h or 1h30m (got ${JSON.stringify(value)})`,
      'For example: milady triggers add --every 10m --prompt "Check my inbox"',
    );
  }
  return Math.round(parts.reduce((sum, [, n, unit]) => sum + Number(n) * (UNITS[unit ?? "ms"] ?? 1), 0));
}

export interface AddFlags {
  name?: string;
  every?: string;
  at?: string;
  cron?: string;
  tz?: string;
  prompt?: string;
  conversation?: string;
  maxRuns?: string;
  disabled?: boolean;
}

/** The flags of `milady triggers add` as the POST /api/triggers body; exactly one of --every, --at, --cron. */
export function addBody(flags: AddFlags): CreateTrigger {
  const kinds = [flags.every && "every", flags.at && "at", flags.cron && "cron"].filter(Boolean);
  if (kinds.length !== 1) {
    throw new UsageError(
      "give exactly one of --every, --at or --cron",
      'For example: milady triggers add --name standup --cron "0 9 * * 1-5" --prompt "Plan my day"',
    );
  }
  if (!flags.prompt) throw new UsageError("--prompt is required", 'For example: --prompt "Summarise my notes"');
  let maxRuns: number | undefined;
  if (flags.maxRuns !== undefined) {
    maxRuns = Number(flags.maxRuns);
    if (!Number.isInteger(maxRuns) || maxRuns < 1) {
      throw new UsageError(
        `--max-runs must be a whole number from 1 (got ${JSON.stringify(flags.maxRuns)})`,
        "For example: --max-runs 5",
      );
    }
  }
  const schedule: Pick<CreateTrigger, "kind" | "intervalMs" | "at" | "cron" | "timezone"> = flags.every
    ? { kind: "interval", intervalMs: parseEvery(flags.every) }
    : flags.at
      ? { kind: "once", at: flags.at }
      : { kind: "cron", cron: flags.cron, ...(flags.tz ? { timezone: flags.tz } : {}) };
  return {
    name: flags.name ?? flags.prompt.slice(0, 40),
    ...schedule,
    prompt: flags.prompt,
    ...(flags.conversation ? { conversationId: flags.conversation } : {}),
    ...(maxRuns !== undefined ? { maxRuns } : {}),
    ...(flags.disabled ? { enabled: false } : {}),
  };
}

function when(ms: number | undefined): string {
  return ms === undefined ? "-" : new Date(ms).toISOString().replace(".000Z", "Z");
}

export function describeSchedule(trigger: Trigger): string {
  if (trigger.kind === "interval") return `every ${Math.round((trigger.intervalMs ?? 0) / 1000)}s`;
  if (trigger.kind === "once") return `once at ${when(trigger.at)}`;
  return `cron "${trigger.cron}"${trigger.timezone ? ` ${trigger.timezone}` : ""}`;
}

function line(trigger: Trigger): string {
  const state = trigger.enabled ? "on " : "off";
  const runs = `${trigger.runs}${trigger.maxRuns ? `/${trigger.maxRuns}` : ""} runs`;
  return `${trigger.id}  ${state}  ${trigger.name}  ${describeSchedule(trigger)}  next ${when(trigger.nextRunAt)}  ${runs}\n`;
}

/** `milady triggers list|add|remove|run`: the running Milady's triggers (over its loopback API). */
export function registerTriggersCommand(program: Command): void {
  const triggers = program.command("triggers").description("prompts sent to the agent on a schedule");
  const act =
    <A extends unknown[]>(body: (store: ReturnType<typeof openConfig>, ...args: A) => Promise<void>) =>
    async (...args: [...A, Command]) => {
      const command = args[args.length - 1] as Command;
      const global = globalOptions(command);
      try {
        await body(openConfig(global), ...(args.slice(0, -1) as A));
      } catch (error) {
        fail(error, global);
      }
    };

  triggers
    .command("list")
    .description("every trigger with its schedule and next run")
    .option("--json", "print the JSON of GET /api/triggers")
    .action(
      act(async (store, options: { json?: boolean }) => {
        const { triggers: list } = await callRunning<{ triggers: Trigger[] }>(store, "GET", "/api/triggers");
        if (options.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        else if (list.length === 0) process.stdout.write("No triggers. Add one with `milady triggers add`.\n");
        else for (const trigger of list) process.stdout.write(line(trigger));
      }),
    );

  triggers
    .command("add")
    .description("add a trigger: one of --every, --at or --cron, and --prompt")
    .option("--name <name>", "what to call it (default: the start of the prompt)")
    .option("--every <duration>", "run every 30s, 10m, 1h... (10 s at least)")
    .option("--at <iso>", "run once at this time (ISO 8601)")
    .option("--cron <expr>", 'run on a cron schedule, e.g. "0 9 * * *"')
    .option("--tz <zone>", "the cron's time zone (IANA, e.g. Europe/Berlin)")
    .option("--prompt <text>", "what to ask the agent")
    .option("--conversation <id>", "post the reply into this conversation")
    .option("--max-runs <n>", "disable it after this many runs")
    .option("--disabled", "add it switched off")
    .option("--json", "print the trigger as JSON")
    .action(
      act(async (store, flags: AddFlags & { json?: boolean }) => {
        const trigger = await callRunning<Trigger>(store, "POST", "/api/triggers", addBody(flags));
        if (flags.json) process.stdout.write(`${JSON.stringify(trigger, null, 2)}\n`);
        else process.stdout.write(`Added ${line(trigger)}`);
      }),
    );

  triggers
    .command("remove <id>")
    .description("delete a trigger and its run history")
    .action(
      act(async (store, id: string) => {
        await callRunning(store, "DELETE", `/api/triggers/${encodeURIComponent(id)}`);
        process.stdout.write(`Removed trigger ${id}\n`);
      }),
    );

  triggers
    .command("run <id>")
    .description("run a trigger now and print the reply")
    .option("--json", "print the run record as JSON")
    .action(
      act(async (store, id: string, options: { json?: boolean }) => {
        const run = await callRunning<TriggerRun>(
          store,
          "POST",
          `/api/triggers/${encodeURIComponent(id)}/run`,
          undefined,
          600_000,
        );
        if (options.json) process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
        else if (run.status === "ok") process.stdout.write(`${run.reply ?? ""}\n`);
        else {
          process.stdout.write(`${run.status}: ${run.error ?? ""}\n`);
          process.exitCode = 1;
        }
      }),
    );
}

import { readFileSync } from "node:fs";
import { z } from "zod";
import { conversationsContract, triggersContract } from "../../src-shared/contracts";
import { newId } from "../../src-shared/ids";
import {
  type CreateTrigger,
  MiladyError,
  type ProactiveMessage,
  TRIGGER_RUN_HISTORY,
  type Trigger,
  type TriggerRun,
  type TriggerRunEvent,
  type TriggerTaskRequest,
  triggerRunSchema,
  triggerSchema,
  type UpdateTrigger,
} from "../../src-shared/protocol";
import type { AgentController } from "../agent-host/types";
import { writeFileAtomic } from "../config/atomic-write";
import type { Logger } from "../logging";
import { answerAgentRequest } from "./agent-requests";
import { checkSchedule, nextRun, type Schedule } from "./schedule";

/** Time as the scheduler sees it; tests pass a fake one and move it by hand. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** setTimeout cannot wait longer than ~24.8 days; a far run is re-armed after this long. */
const MAX_WAIT_MS = 24 * 60 * 60 * 1000;

const storedTriggerSchema = triggerSchema.extend({
  /** A trigger without a conversation asks the agent in a room of its own, created at its first run. */
  scratchConversationId: z.string().optional(),
  history: z.array(triggerRunSchema),
});
type StoredTrigger = z.infer<typeof storedTriggerSchema>;
const triggersFileSchema = z.object({ version: z.literal(1), triggers: z.array(storedTriggerSchema) });

type Publish = {
  (type: "proactive_message", payload: ProactiveMessage): void;
  (type: "trigger_run", payload: TriggerRunEvent): void;
};

export interface TriggerServiceOptions {
  /** <state>/triggers.json */
  file: string;
  agent: Pick<AgentController, "call" | "status" | "onStatus"> & Partial<Pick<AgentController, "onEvent">>;
  log: Pick<Logger, "warn" | "info">;
  publish?: Publish;
  clock?: Clock;
}

/** Agent states in which a due run waits (it will be running soon); in the others it is skipped. */
const WAITS = new Set(["not_started", "starting", "restarting"]);

/**
 * The triggers and their schedule. Each run sends the prompt to the agent through the
 * conversations channel, as a chat message does; the reply goes into the trigger's conversation
 * (and a proactive_message on /ws) or, without one, into the run history only.
 *
 * - Kept in <state>/triggers.json (written atomically) with the last 100 runs of each.
 * - A run that fell due while Milady was down runs once at start, not once per missed tick.
 * - Runs of one trigger never overlap: a tick during a run is recorded as skipped.
 * - A due run waits while the agent is starting; while it is paused, stopped or failed the run is
 *   recorded as skipped with the reason, and the schedule goes on.
 */
export class TriggerService {
  private readonly triggers = new Map<string, StoredTrigger>();
  private readonly timers = new Map<string, unknown>();
  private readonly running = new Set<string>();
  /** Fell due while the agent was starting: run when it is running. */
  private readonly waiting = new Set<string>();
  private readonly clock: Clock;
  private offStatus?: () => void;
  private offTasks?: () => void;
  private stopped = false;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly options: TriggerServiceOptions) {
    this.clock = options.clock ?? realClock;
    for (const trigger of this.load()) this.triggers.set(trigger.id, trigger);
  }

  /** Arms every enabled trigger; one whose run was missed while Milady was down is due now, once. */
  start(): void {
    const now = this.clock.now();
    for (const trigger of this.triggers.values()) {
      if (trigger.enabled && trigger.nextRunAt === undefined) trigger.nextRunAt = nextRun(trigger, now);
      this.arm(trigger);
    }
    this.offStatus = this.options.agent.onStatus((status) => {
      if (status.state !== "running") return;
      for (const id of [...this.waiting]) {
        this.waiting.delete(id);
        this.fire(id);
      }
    });
    // The agent's TRIGGER_TASK action asks through an event (the agent cannot call main).
    this.offTasks = this.options.agent.onEvent?.(triggersContract, "trigger_task_requested", (request) => {
      void this.fromAgent(request);
    });
    this.save();
  }

  /** Creates or runs a trigger for the agent (TRIGGER_TASK); see agent-requests.ts. */
  fromAgent(request: TriggerTaskRequest): Promise<Trigger | TriggerRun | undefined> {
    return answerAgentRequest(this, request, this.options.log);
  }

  /**
   * Stops the timers and gives runs in flight up to `graceMs` to end and be recorded (the whole
   * shutdown is bounded to 5 s; a run cut short is not recorded; its next tick is already set).
   */
  async stop(graceMs = 2000): Promise<void> {
    this.stopped = true;
    this.offStatus?.();
    this.offTasks?.();
    for (const handle of this.timers.values()) this.clock.clearTimeout(handle);
    this.timers.clear();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(timer);
  }

  /** Reads <state>/triggers.json again (an imported agent archive replaced it) and re-arms the timers. */
  reload(): void {
    for (const handle of this.timers.values()) this.clock.clearTimeout(handle);
    this.timers.clear();
    this.triggers.clear();
    this.waiting.clear();
    for (const trigger of this.load()) this.triggers.set(trigger.id, trigger);
    if (this.stopped) return;
    const now = this.clock.now();
    for (const trigger of this.triggers.values()) {
      if (trigger.enabled && trigger.nextRunAt === undefined) trigger.nextRunAt = nextRun(trigger, now);
      this.arm(trigger);
    }
  }

  list(): Trigger[] {
    return [...this.triggers.values()].sort((a, b) => a.createdAt - b.createdAt).map(publicTrigger);
  }

  get(id: string): Trigger {
    return publicTrigger(this.find(id));
  }

  runs(id: string): TriggerRun[] {
    return [...this.find(id).history].reverse();
  }

  async create(input: CreateTrigger): Promise<Trigger> {
    const now = this.clock.now();
    const schedule = checkSchedule(input, now);
    if (input.conversationId) await this.checkConversation(input.conversationId);
    const trigger: StoredTrigger = {
      id: newId(),
      name: input.name,
      ...schedule,
      prompt: input.prompt,
      ...(input.conversationId ? { conversationId: input.conversationId } : {}),
      ...(input.maxRuns !== undefined ? { maxRuns: input.maxRuns } : {}),
      enabled: input.enabled ?? true,
      createdAt: now,
      runs: 0,
      history: [],
    };
    trigger.nextRunAt = nextRun(trigger, now);
    this.triggers.set(trigger.id, trigger);
    this.arm(trigger);
    this.save();
    this.options.log.info(`trigger ${trigger.id} (${trigger.kind}) added`);
    return publicTrigger(trigger);
  }

  async update(id: string, patch: UpdateTrigger): Promise<Trigger> {
    const trigger = this.find(id);
    const now = this.clock.now();
    const scheduleChanged =
      patch.kind !== undefined ||
      patch.intervalMs !== undefined ||
      patch.at !== undefined ||
      patch.cron !== undefined ||
      patch.timezone !== undefined;
    let schedule: Schedule | undefined;
    if (scheduleChanged) {
      const kind = patch.kind ?? trigger.kind;
      const same = kind === trigger.kind;
      schedule = checkSchedule(
        {
          kind,
          intervalMs: patch.intervalMs ?? (same ? trigger.intervalMs : undefined),
          at: patch.at ?? (same ? trigger.at : undefined),
          cron: patch.cron ?? (same ? trigger.cron : undefined),
          timezone: patch.timezone === null ? undefined : (patch.timezone ?? (same ? trigger.timezone : undefined)),
        },
        now,
      );
    }
    if (patch.conversationId) await this.checkConversation(patch.conversationId);
    const next: StoredTrigger = { ...trigger };
    if (schedule) {
      for (const key of ["intervalMs", "at", "cron", "timezone"] as const) delete next[key];
      Object.assign(next, schedule);
      // A once moved to a new time may run again.
      if (schedule.kind === "once") next.runs = trigger.kind === "once" ? 0 : next.runs;
    }
    if (patch.name !== undefined) next.name = patch.name;
    if (patch.prompt !== undefined) next.prompt = patch.prompt;
    if (patch.conversationId === null) delete next.conversationId;
    else if (patch.conversationId !== undefined) next.conversationId = patch.conversationId;
    if (patch.maxRuns === null) delete next.maxRuns;
    else if (patch.maxRuns !== undefined) next.maxRuns = patch.maxRuns;
    if (patch.enabled !== undefined) next.enabled = patch.enabled;
    if (
      next.enabled &&
      patch.enabled === true &&
      next.maxRuns !== undefined &&
      next.runs >= next.maxRuns &&
      patch.maxRuns === undefined
    ) {
      throw new MiladyError(
        "validation_failed",
        `this trigger has used its ${next.maxRuns} runs`,
        "Raise maxRuns (or clear it) to enable it again.",
      );
    }
    if (next.enabled && next.kind === "once" && next.runs > 0 && !schedule) {
      throw new MiladyError("validation_failed", "this once trigger has run", "Give it a new time (at) to run again.");
    }
    next.nextRunAt = nextRun(next, next.kind === "interval" ? (next.lastRunAt ?? now) : now);
    if (next.kind === "interval" && next.nextRunAt !== undefined && next.nextRunAt < now) next.nextRunAt = now;
    if (schedule || patch.enabled !== undefined) this.waiting.delete(id);
    this.triggers.set(id, next);
    this.arm(next);
    this.save();
    return publicTrigger(next);
  }

  async remove(id: string): Promise<void> {
    const trigger = this.find(id);
    this.disarm(id);
    this.waiting.delete(id);
    this.triggers.delete(id);
    this.save();
    if (trigger.scratchConversationId) {
      await this.options.agent
        .call(conversationsContract, "remove", { conversationId: trigger.scratchConversationId })
        .catch(() => undefined);
    }
  }

  /** Runs it now, outside its schedule (which is unchanged); conflict while a run is going. */
  async runNow(id: string): Promise<TriggerRun> {
    this.find(id);
    if (this.running.has(id)) {
      throw new MiladyError("conflict", "this trigger is running now", "Wait for the run to end, then try again.");
    }
    return this.track(this.execute(id, false));
  }

  /** Every run in flight has ended (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private find(id: string): StoredTrigger {
    const trigger = this.triggers.get(id);
    const fix = "See `milady triggers list` or the Triggers tab.";
    if (!trigger) throw new MiladyError("not_found", `there is no trigger ${id}`, fix);
    return trigger;
  }

  private async checkConversation(conversationId: string): Promise<void> {
    let list: { conversations: Array<{ id: string }> };
    try {
      list = await this.options.agent.call(conversationsContract, "list", {}, { waitForReady: false });
    } catch {
      // The agent is not running: the conversation cannot be checked now; a run into a missing one is an error run.
      return;
    }
    if (!list.conversations.some((c) => c.id === conversationId)) {
      throw new MiladyError(
        "not_found",
        `there is no conversation ${conversationId}`,
        "Pick an existing conversation, or leave it out to keep replies in the run history.",
      );
    }
  }

  private arm(trigger: StoredTrigger): void {
    this.disarm(trigger.id);
    if (this.stopped || trigger.nextRunAt === undefined) return;
    const wait = Math.max(0, trigger.nextRunAt - this.clock.now());
    const id = trigger.id;
    this.timers.set(
      id,
      this.clock.setTimeout(
        () => {
          this.timers.delete(id);
          const current = this.triggers.get(id);
          if (!current || current.nextRunAt === undefined) return;
          if (current.nextRunAt > this.clock.now()) this.arm(current);
          else this.fire(id);
        },
        Math.min(wait, MAX_WAIT_MS),
      ),
    );
  }

  private disarm(id: string): void {
    const handle = this.timers.get(id);
    if (handle !== undefined) this.clock.clearTimeout(handle);
    this.timers.delete(id);
  }

  /** A scheduled run is due. */
  private fire(id: string): void {
    const trigger = this.triggers.get(id);
    if (!trigger || this.stopped) return;
    if (WAITS.has(this.options.agent.status().state)) {
      this.waiting.add(id);
      return;
    }
    if (this.running.has(id)) {
      this.record(trigger, this.skipped(trigger, "the previous run had not ended"));
      this.advance(trigger, true);
      return;
    }
    void this.track(this.execute(id, true));
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work)).catch(() => undefined);
    return work;
  }

  private skipped(trigger: StoredTrigger, reason: string): TriggerRun {
    const at = this.clock.now();
    return { id: newId(), triggerId: trigger.id, startedAt: at, endedAt: at, status: "skipped", error: reason };
  }

  private async execute(id: string, scheduled: boolean): Promise<TriggerRun> {
    const trigger = this.find(id);
    const state = this.options.agent.status().state;
    if (state !== "running" && !WAITS.has(state)) {
      const run = this.skipped(trigger, `the agent is ${state.replace("_", " ")}`);
      this.record(trigger, run);
      if (scheduled) this.advance(trigger, false);
      return run;
    }
    this.running.add(id);
    const startedAt = this.clock.now();
    // The next tick is set from the start of this run, so a slow reply does not shift the schedule.
    if (scheduled) this.advance(trigger, false, startedAt);
    let run: TriggerRun;
    try {
      const ask = (conversationId: string) =>
        this.options.agent.call(conversationsContract, "send", {
          conversationId,
          text: trigger.prompt,
          userName: `trigger: ${trigger.name}`,
          sender: { kind: "trigger" },
        });
      let conversationId = trigger.conversationId ?? (await this.scratchRoom(trigger));
      let result: Awaited<ReturnType<typeof ask>>;
      try {
        result = await ask(conversationId);
      } catch (error) {
        // Its own room was deleted (from the chat list): a new one, once.
        if (trigger.conversationId || (error as MiladyError).code !== "not_found") throw error;
        trigger.scratchConversationId = undefined;
        conversationId = await this.scratchRoom(trigger);
        result = await ask(conversationId);
      }
      run = {
        id: newId(),
        triggerId: id,
        startedAt,
        endedAt: this.clock.now(),
        status: "ok",
        reply: result.reply.text,
      };
      if (trigger.conversationId) {
        this.options.publish?.("proactive_message", {
          triggerId: id,
          conversationId,
          text: result.reply.text,
          messageId: result.reply.id,
        });
      }
    } catch (error) {
      run = {
        id: newId(),
        triggerId: id,
        startedAt,
        endedAt: this.clock.now(),
        status: "error",
        error: error instanceof Error ? error.message : String(error),
      };
    } finally {
      this.running.delete(id);
    }
    const current = this.triggers.get(id);
    if (!current) return run; // deleted while it ran
    // Cut short by the shutdown: not a failure of the trigger, so not recorded (its next tick is already set).
    if (this.stopped && run.status === "error") return run;
    current.runs += 1;
    current.lastRunAt = startedAt;
    if (current.kind === "once" && scheduled) current.enabled = false;
    if (current.maxRuns !== undefined && current.runs >= current.maxRuns) current.enabled = false;
    if (!current.enabled) {
      current.nextRunAt = undefined;
      this.disarm(id);
    } else if (current.kind === "once" && current.runs > 0) {
      current.enabled = false;
      current.nextRunAt = undefined;
      this.disarm(id);
    }
    this.record(current, run);
    return run;
  }

  /** Sets the next run after a tick (from `from`, now by default) and arms it. */
  private advance(trigger: StoredTrigger, save: boolean, from = this.clock.now()): void {
    trigger.nextRunAt = trigger.kind === "once" ? undefined : nextRun(trigger, from);
    if (trigger.kind === "once") trigger.enabled = false;
    this.arm(trigger);
    if (save) this.save();
  }

  private async scratchRoom(trigger: StoredTrigger): Promise<string> {
    if (trigger.scratchConversationId) return trigger.scratchConversationId;
    const room = await this.options.agent.call(conversationsContract, "create", { title: `Trigger: ${trigger.name}` });
    trigger.scratchConversationId = room.conversation.id;
    return room.conversation.id;
  }

  private record(trigger: StoredTrigger, run: TriggerRun): void {
    trigger.history.push(run);
    if (trigger.history.length > TRIGGER_RUN_HISTORY)
      trigger.history.splice(0, trigger.history.length - TRIGGER_RUN_HISTORY);
    this.save();
    this.options.publish?.("trigger_run", { run, trigger: publicTrigger(trigger) });
    if (run.status !== "ok") this.options.log.warn(`trigger ${trigger.id} ${run.status}: ${run.error}`);
  }

  private save(): void {
    try {
      writeFileAtomic(
        this.options.file,
        `${JSON.stringify({ version: 1, triggers: [...this.triggers.values()] }, null, 2)}\n`,
      );
    } catch (error) {
      this.options.log.warn(
        `could not save ${this.options.file} (${(error as Error).message}); triggers changed since are lost at the next restart`,
      );
    }
  }

  private load(): StoredTrigger[] {
    let text: string;
    try {
      text = readFileSync(this.options.file, "utf8");
    } catch {
      return [];
    }
    try {
      return triggersFileSchema.parse(JSON.parse(text)).triggers;
    } catch (error) {
      this.options.log.warn(
        `${this.options.file} is not a valid triggers file (${(error as Error).message.split("\n")[0]}); starting without triggers`,
      );
      return [];
    }
  }
}

function publicTrigger({ history: _, scratchConversationId: __, ...trigger }: StoredTrigger): Trigger {
  return trigger;
}

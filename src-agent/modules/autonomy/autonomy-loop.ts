import type { AutonomyConfig } from "../../../src-shared/config";
import { newId } from "../../../src-shared/ids";
import { AUTONOMY_HISTORY, type AutonomyStatus, type AutonomyWake } from "../../../src-shared/protocol";
import type { Clock } from "./clock";
import type { ModelBudget } from "./model-budget";

/** An answer kept in the history is cut here (the whole answer is in the autonomy room). */
const MAX_WAKE_TEXT = 1000;

export interface AutonomyLoopDeps {
  clock: Clock;
  budget: ModelBudget;
  paused(): boolean;
  /** Runs one wake (a turn in the autonomy room); resolves with the agent's answer. */
  wake(wakeId: string): Promise<string>;
  /** After every change a client may show (a wake started, ended or was skipped; the config changed). */
  onChange(status: AutonomyStatus): void;
  /** A tick was skipped for a new reason (logged once per run of the same reason, not every tick). */
  onSkip?(reason: string): void;
  /** The history a previous run left (newest first). */
  history?: AutonomyWake[];
}

/**
 * The schedule: every intervalMinutes while enabled. A tick is skipped (and says why) while the
 * agent is paused, while the previous wake still runs, or while the cap of model calls in the
 * last hour is reached; the schedule goes on either way.
 */
export class AutonomyLoop {
  private config: AutonomyConfig;
  private timer: unknown;
  private nextWakeAt?: number;
  private current?: AutonomyWake;
  private readonly history: AutonomyWake[] = [];
  private stopped = false;
  private lastSkip?: string;

  constructor(
    private readonly deps: AutonomyLoopDeps,
    config: AutonomyConfig,
  ) {
    this.config = { ...config };
    this.history.push(...(deps.history ?? []).slice(0, AUTONOMY_HISTORY));
  }

  start(): void {
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    this.disarm();
  }

  configure(config: AutonomyConfig): AutonomyStatus {
    const scheduleChanged =
      config.enabled !== this.config.enabled || config.intervalMinutes !== this.config.intervalMinutes;
    this.config = { ...config };
    if (scheduleChanged) this.arm();
    return this.changed();
  }

  status(): AutonomyStatus {
    const used = this.deps.budget.used();
    return {
      ...this.config,
      callsThisHour: used,
      ...(used >= this.config.maxModelCallsPerHour ? { capResetsAt: this.deps.budget.resetsAt() } : {}),
      running: this.current !== undefined,
      ...(this.history[0] ? { lastWake: this.history[0] } : {}),
      ...(this.nextWakeAt !== undefined ? { nextWakeAt: this.nextWakeAt } : {}),
      history: [...this.history],
    };
  }

  /** True while the cap is reached: the model-call counter refuses further calls of a wake. */
  overCap(): boolean {
    return this.deps.budget.used() >= this.config.maxModelCallsPerHour;
  }

  /** One wake (scheduled or manual); skipped with the reason when it cannot run now. */
  async tick(cause: AutonomyWake["cause"]): Promise<AutonomyWake> {
    const { clock } = this.deps;
    const skip = this.whySkip();
    if (skip && skip.split(";")[0] !== this.lastSkip) this.deps.onSkip?.(skip);
    this.lastSkip = skip?.split(";")[0];
    if (skip) {
      // A skipped tick while one runs is not recorded over the running one in the history.
      const wake: AutonomyWake = {
        id: newId(),
        at: clock.now(),
        endedAt: clock.now(),
        status: "skipped",
        text: skip,
        modelCalls: 0,
        cause,
      };
      this.record(wake);
      this.changed();
      return wake;
    }
    const wake: AutonomyWake = { id: newId(), at: clock.now(), status: "running", modelCalls: 0, cause };
    this.current = wake;
    this.record(wake);
    this.changed();
    const before = this.deps.budget.total;
    try {
      const text = await this.deps.wake(wake.id);
      wake.status = "ok";
      wake.text = text.length > MAX_WAKE_TEXT ? `${text.slice(0, MAX_WAKE_TEXT)}…` : text;
    } catch (error) {
      wake.status = "error";
      wake.text = (error as Error).message || String(error);
    } finally {
      wake.endedAt = clock.now();
      wake.modelCalls = this.deps.budget.total - before;
      this.current = undefined;
    }
    this.changed();
    return wake;
  }

  private whySkip(): string | undefined {
    if (this.deps.paused()) return "skipped: the agent is paused";
    if (this.current) return "skipped: the previous wake is still running";
    if (this.overCap()) {
      const at = this.deps.budget.resetsAt();
      const when = at ? ` until ${new Date(at).toISOString().slice(11, 16)} UTC` : "";
      return `skipped: the cap of ${this.config.maxModelCallsPerHour} model calls per hour is reached; wakes wait${when}`;
    }
    return undefined;
  }

  private record(wake: AutonomyWake): void {
    this.history.unshift(wake);
    if (this.history.length > AUTONOMY_HISTORY) this.history.length = AUTONOMY_HISTORY;
  }

  private changed(): AutonomyStatus {
    const status = this.status();
    this.deps.onChange(status);
    return status;
  }

  private arm(): void {
    this.disarm();
    if (this.stopped || !this.config.enabled) return;
    const ms = this.config.intervalMinutes * 60_000;
    this.nextWakeAt = this.deps.clock.now() + ms;
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = undefined;
      this.arm(); // the next tick is set from this one, so a slow wake does not shift the schedule
      void this.tick("schedule");
    }, ms);
  }

  private disarm(): void {
    if (this.timer !== undefined) this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.nextWakeAt = undefined;
  }
}

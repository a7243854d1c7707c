import { MiladyError, type UpdateBlocker, type UpdateState, type UpdateStatus } from "../../../src-shared/protocol";
import type { Logger } from "../../logging";
import type { Activity, ApplyAnswer, UpdateSettings, UpdatesBackend } from "../../update";
import type { Notification, ShellUpdater } from "../shell";
import type { DesktopUpdates, UpdateMenuState } from "../update-port";
import type { AppliedRecord } from "./applied-record";
import { type Clock, type TimerId, withTimeout } from "./clock";
import { refuseOffer } from "./offer";
import { CHECK_EVERY_MS, CHECK_TIMEOUT_MS, describeDelay, retryDelay } from "./schedule";
import { applyFix, blockerText, channelNote, failureFix } from "./texts";

export interface DesktopUpdatePolicyDeps {
  updater: ShellUpdater;
  notify(notification: Notification): void;
  /** `electrobun dev`: updates are off whatever version.json says. */
  devBuild: boolean;
  settings: UpdateSettings;
  activity: Activity;
  record: AppliedRecord;
  clock: Clock;
  log: Logger;
  /** Shown until version.json has been read. */
  version: string;
}

type Trigger = "schedule" | "user";
type Found = { version: string; hash: string };
type LocalInfo = Awaited<ReturnType<ShellUpdater["localInfo"]>>;

/** The HTTP answer goes out before Electrobun quits the process. */
const APPLY_AFTER_MS = 50;
/** Download progress reaches /ws at most four times a second. */
const PROGRESS_EVERY_MS = 250;
const WORKING: readonly UpdateState[] = ["checking", "downloading", "applying"];
/** A downloaded update waits for its restart: no check replaces it meanwhile. */
const HOLDING: readonly UpdateState[] = ["ready", "deferred", "applying"];

/**
 * When the desktop app checks, downloads and applies updates, over Electrobun's updater
 * (ShellUpdater). A check at start and every 6 h (mode auto or notify); auto downloads in the
 * background, notify tells and downloads on request, off checks only when asked. A failure
 * is retried after 1 min, 2, 4 … 6 h; the app keeps running its version meanwhile. Applying
 * waits for replies and model downloads to finish, and records the update first.
 */
export class DesktopUpdatePolicy implements UpdatesBackend, DesktopUpdates {
  private state: UpdateState = "idle";
  private local: LocalInfo | undefined;
  private found: Found | undefined;
  private progress: number | undefined;
  private message: string | undefined;
  private error: UpdateStatus["error"];
  private waitingFor: UpdateBlocker | undefined;
  private lastCheckAt: number | undefined;
  private nextCheckAt: number | undefined;
  private failures = 0;
  private timer: TimerId | undefined;
  private work: Promise<void> | undefined;
  /** The user asked for the download (notify and off modes download only then). */
  private wantDownload = false;
  private readonly notified = new Set<string>();
  private updaterError: string | undefined;
  private lastProgressAt = Number.NEGATIVE_INFINITY;
  private readonly listeners = new Set<() => void>();
  private checkWaiters: Array<() => void> = [];
  private readonly off: Array<() => void> = [];
  private offIdle: (() => void) | undefined;
  private started: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly deps: DesktopUpdatePolicyDeps) {}

  /** Reads version.json, then checks at once (unless mode off or a dev build) and every 6 h after. */
  start(): Promise<void> {
    this.started ??= this.boot();
    return this.started;
  }

  // ---------- UpdatesBackend (routes, /ws) ----------

  status(): UpdateStatus {
    const { channel, mode } = this.deps.settings.current();
    const found = this.found && this.state !== "up_to_date" ? this.found : undefined;
    return {
      backend: "desktop",
      state: this.state,
      current: this.local?.version ?? this.deps.version,
      channel: this.local?.channel ?? channel,
      configuredChannel: channel,
      mode,
      available: found,
      progress: this.state === "downloading" ? this.progress : undefined,
      message: this.message,
      waitingFor: this.state === "deferred" ? this.waitingFor : undefined,
      error: this.state === "error" ? this.error : undefined,
      lastCheckAt: this.lastCheckAt,
      nextCheckAt: this.nextCheckAt,
      canApply: this.state === "ready" || (this.state === "error" && this.applicable()),
      channelNote: this.local && this.state !== "disabled" ? channelNote(this.local.channel, channel) : undefined,
    };
  }

  /** Answers once the check itself is done; a download it starts (mode auto) goes on in the background. */
  async check(): Promise<UpdateStatus> {
    await this.start();
    const done = this.run("user");
    if (this.state === "checking") {
      await Promise.race([done, new Promise<void>((resolve) => this.checkWaiters.push(resolve))]);
    }
    return this.status();
  }

  async download(): Promise<UpdateStatus> {
    await this.start();
    if (this.state === "downloading" || HOLDING.includes(this.state)) return this.status();
    if (!this.found) {
      throw new MiladyError(
        "conflict",
        "no update to download",
        "Press Check now: a download starts from what it finds.",
      );
    }
    this.wantDownload = true;
    void this.run("user");
    return this.status();
  }

  async apply(): Promise<ApplyAnswer> {
    await this.start();
    if (this.state === "applying") return { applying: true, status: this.status() };
    if (this.state === "deferred") return { applying: false, status: this.status() };
    if (!this.applicable() || this.state === "downloading") {
      throw new MiladyError("conflict", "no update is ready to apply", applyFix(this.state));
    }
    return this.applyWhenIdle();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
    this.offIdle?.();
    for (const unsubscribe of this.off.splice(0)) unsubscribe();
  }

  // ---------- DesktopUpdates (tray, app menu) ----------

  menuState(): UpdateMenuState {
    const waiting = this.state === "ready" || this.state === "deferred";
    return { busy: WORKING.includes(this.state), readyVersion: waiting ? this.found?.version : undefined };
  }

  /** The tray has no separate Download item: its Check for Updates is the request to download what it finds. */
  async checkNow(): Promise<void> {
    await this.start();
    if (this.state === "disabled") return;
    this.wantDownload = true;
    await this.run("user");
  }

  async restartToUpdate(): Promise<void> {
    const answer = await this.apply().catch((error: unknown) => {
      this.deps.log.warn(`restart to update: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    // The tray shows no status line: say why nothing happens yet.
    if (answer && !answer.applying && answer.status.waitingFor) {
      this.deps.notify({ title: "Milady restarts to update soon", body: blockerText(answer.status.waitingFor) });
    }
  }

  // ---------- the cycle ----------

  private async boot(): Promise<void> {
    const { updater, settings, log } = this.deps;
    try {
      this.local = await updater.localInfo();
    } catch (error) {
      this.state = "error";
      this.error = {
        message: `this build's version.json cannot be read: ${messageOf(error)}`,
        fix: "Reinstall Milady from its download page; updates stay off until then.",
      };
      log.error(`updates are off: ${this.error.message}`);
      this.changed();
      return;
    }
    if (this.deps.devBuild || this.local.channel === "dev") {
      this.state = "disabled";
      this.message = "this is a development build (channel dev): it never updates";
      this.changed();
      return;
    }
    updater.onStatus((status) => this.updaterStatus(status));
    this.off.push(settings.onChange(() => this.settingsChanged()));
    this.reportLastApply(this.local);
    if (settings.current().mode === "off") {
      this.message = "automatic checks are off; Check now still works";
      this.changed();
      return;
    }
    void this.run("schedule");
  }

  /** One check (and download when wanted) at a time; a second caller joins the first. */
  private run(trigger: Trigger): Promise<void> {
    if (this.stopped || this.state === "disabled" || !this.local) return Promise.resolve();
    this.work ??= this.cycle(trigger, this.local).finally(() => {
      this.work = undefined;
      this.changed();
    });
    return this.work;
  }

  private async cycle(trigger: Trigger, local: LocalInfo): Promise<void> {
    this.clearTimer();
    if (HOLDING.includes(this.state)) {
      this.schedule(CHECK_EVERY_MS);
      return;
    }
    const next = await this.checkAndFetch(trigger, local);
    if (next !== undefined) this.schedule(next);
  }

  /** Returns when to check next, or undefined when nothing is scheduled (mode off). */
  private async checkAndFetch(trigger: Trigger, local: LocalInfo): Promise<number | undefined> {
    const { updater, clock, log, record } = this.deps;
    this.enter("checking", `checking the ${local.channel} update feed`);
    this.updaterError = undefined;
    let found: Found | undefined;
    try {
      const seconds = CHECK_TIMEOUT_MS / 1000;
      const result = await withTimeout(
        updater.check(),
        CHECK_TIMEOUT_MS,
        clock,
        `the update feed did not answer within ${seconds} s`,
      );
      this.lastCheckAt = clock.now();
      if (result.error) throw new Error(result.error);
      if (result.updateAvailable) found = { version: result.version, hash: result.hash };
    } catch (error) {
      this.lastCheckAt = clock.now();
      return this.failed("check", error, local);
    }
    const refusal = found ? refuseOffer(found, local, (hash) => record.has(hash)) : undefined;
    this.error = undefined;
    if (!found || refusal) {
      this.failures = 0;
      if (refusal && found && !this.notified.has(`refused:${found.hash}`)) {
        this.notified.add(`refused:${found.hash}`);
        log.warn(refusal);
      }
      this.found = undefined;
      this.wantDownload = false;
      this.enter("up_to_date", refusal ?? `Milady ${local.version} is the newest on ${local.channel}`);
      return this.afterCheck();
    }
    this.found = found;
    // The failure count runs on through a good check, so a download that keeps failing backs off too.
    if (this.deps.settings.current().mode === "auto" || this.wantDownload) return this.fetch(found, local);
    this.failures = 0;
    this.enter("available", `Milady ${found.version} is available: download it, then restart to update`);
    if (trigger === "schedule" && !this.notified.has(found.hash)) {
      this.notified.add(found.hash);
      this.deps.notify({
        title: `Milady ${found.version} is available`,
        body: "Download it from Updates in the Settings tab, or with Check for Updates in the tray.",
      });
    }
    return this.afterCheck();
  }

  private async fetch(found: Found, local: LocalInfo): Promise<number | undefined> {
    const { updater, log } = this.deps;
    this.progress = undefined;
    this.enter("downloading", `downloading Milady ${found.version}`);
    log.info(`downloading Milady ${found.version} (${found.hash.slice(0, 8)}) from the ${local.channel} feed`);
    try {
      await updater.download();
      if (!updater.ready()) throw new Error(this.updaterError ?? "the download did not complete");
    } catch (error) {
      return this.failed("download", error, local);
    }
    this.wantDownload = false;
    this.failures = 0;
    this.progress = undefined;
    this.enter("ready", `Milady ${found.version} is downloaded: restart to update`);
    log.info(`Milady ${found.version} is ready; it is applied at the next Restart to update`);
    this.deps.notify({
      title: `Milady ${found.version} is ready`,
      body: "Restart to update from the tray, the app menu or the Settings tab.",
    });
    return this.afterCheck();
  }

  private failed(phase: "check" | "download", error: unknown, local: LocalInfo): number | undefined {
    const { clock, log, settings } = this.deps;
    this.failures += 1;
    const scheduled = settings.current().mode !== "off";
    const delay = retryDelay(this.failures);
    const what =
      phase === "check" ? "checking for updates failed" : `downloading Milady ${this.found?.version ?? ""} failed`;
    const message = `${what}: ${messageOf(error)}`;
    this.error = {
      message,
      fix: failureFix(phase, local.version, scheduled),
      retryAt: scheduled ? clock.now() + delay : undefined,
    };
    this.enter("error", undefined);
    log.warn(
      `${message}; Milady keeps running ${local.version}${scheduled ? `, next try in ${describeDelay(delay)}` : ""}`,
    );
    return scheduled ? delay : undefined;
  }

  private afterCheck(): number | undefined {
    return this.deps.settings.current().mode === "off" ? undefined : CHECK_EVERY_MS;
  }

  // ---------- applying ----------

  /** A downloaded update whose files Electrobun still holds (also after a failed apply, to try again). */
  private applicable(): boolean {
    return this.found !== undefined && this.deps.updater.ready();
  }

  private applyWhenIdle(): ApplyAnswer {
    const busy = this.deps.activity.busyWith();
    if (busy) {
      this.defer(busy);
      return { applying: false, status: this.status() };
    }
    this.enter("applying", `restarting into Milady ${this.found?.version}`);
    this.deps.clock.setTimeout(() => void this.applyNow(), APPLY_AFTER_MS);
    return { applying: true, status: this.status() };
  }

  private defer(busy: UpdateBlocker): void {
    const { activity, log } = this.deps;
    this.waitingFor = busy;
    this.enter("deferred", blockerText(busy));
    log.info(`restart to update deferred: ${blockerText(busy)}`);
    this.offIdle ??= activity.onChange(this.watchIdle);
  }

  private readonly watchIdle = () => {
    if (this.state !== "deferred") return;
    const busy = this.deps.activity.busyWith();
    if (!busy) {
      this.offIdle?.();
      this.offIdle = undefined;
      this.applyWhenIdle();
    } else if (busy !== this.waitingFor) {
      this.waitingFor = busy;
      this.enter("deferred", blockerText(busy));
    }
  };

  private async applyNow(): Promise<void> {
    const { activity, record, updater, log, clock } = this.deps;
    const found = this.found;
    const local = this.local;
    if (!found || !local || this.stopped) return;
    // A reply may have started in the moment since the click.
    const busy = activity.busyWith();
    if (busy) return this.defer(busy);
    try {
      record.add({
        version: found.version,
        hash: found.hash,
        fromVersion: local.version,
        fromHash: local.hash,
        at: clock.now(),
      });
    } catch (error) {
      this.error = {
        message: `the update was not applied: recording it in ${record.path} failed (${messageOf(error)})`,
        fix: "Free some disk space, then Restart to update again.",
      };
      this.enter("error", undefined);
      log.error(this.error.message);
      return;
    }
    log.info(`applying Milady ${found.version} (${found.hash.slice(0, 8)}); recorded in ${record.path}`);
    try {
      await updater.apply();
    } catch (error) {
      this.error = {
        message: `applying Milady ${found.version} failed: ${messageOf(error)}`,
        fix: `Milady keeps running ${local.version}. This build is not offered again, so it cannot loop; install it from Milady's download page, or wait for the next release.`,
      };
      this.enter("error", undefined);
      log.error(this.error.message);
    }
  }

  // ---------- plumbing ----------

  private settingsChanged(): void {
    if (this.state === "disabled" || this.stopped) return;
    const { mode } = this.deps.settings.current();
    if (mode === "off") {
      this.clearTimer();
      if (this.state === "idle") this.message = "automatic checks are off; Check now still works";
    } else if (this.timer === undefined && !this.work && !HOLDING.includes(this.state)) {
      const now = this.deps.clock.now();
      const due =
        this.lastCheckAt === undefined || this.state === "error"
          ? 0
          : Math.max(0, this.lastCheckAt + CHECK_EVERY_MS - now);
      if (due === 0) void this.run("schedule");
      else this.schedule(due);
    }
    if (mode === "auto" && this.state === "available" && !this.work) void this.run("schedule");
    this.changed();
  }

  private updaterStatus(status: { status: string; message: string; progress?: number }): void {
    if (status.status === "error") this.updaterError = status.message;
    if (this.state !== "downloading") return;
    if (status.progress !== undefined) this.progress = Math.max(0, Math.min(100, status.progress));
    this.message = status.message;
    const now = this.deps.clock.now();
    if (now - this.lastProgressAt < PROGRESS_EVERY_MS) return;
    this.lastProgressAt = now;
    this.changed();
  }

  /** After a relaunch: did the update recorded last take? A build that came back old says so. */
  private reportLastApply(local: LocalInfo): void {
    const last = this.deps.record.last();
    if (!last) return;
    if (last.hash === local.hash) {
      this.deps.log.info(`running Milady ${local.version}, updated ${new Date(last.at).toISOString()}`);
    } else if (last.fromHash === local.hash) {
      this.message = `the update to Milady ${last.version} did not take; it is not offered again`;
      this.deps.log.warn(`the update to Milady ${last.version} did not take: this is still ${local.version}`);
    }
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.clearTimer();
    const { clock } = this.deps;
    this.nextCheckAt = clock.now() + delay;
    this.timer = clock.setTimeout(() => {
      this.timer = undefined;
      void this.run("schedule");
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.nextCheckAt = undefined;
  }

  private enter(state: UpdateState, message: string | undefined): void {
    const checked = this.state === "checking" && state !== "checking";
    this.state = state;
    this.message = message;
    if (checked) for (const resolve of this.checkWaiters.splice(0)) resolve();
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import { MiladyError, type UpdateStatus } from "../../src-shared/protocol";
import type { Logger } from "../logging";
import type { ApplyAnswer, UpdateSettings, UpdatesBackend } from "./backend";
import { dailyCheckDue, type LastCheck, readLastCheck, updateChecksDisabled, writeLastCheck } from "./daily-check";
import { CHANNEL_TAG, checkRegistry, updateRegistry } from "./registry-check";
import { compareVersions } from "./semver";

export const UPDATE_COMMAND = "milady update";
const REGISTRY_FIX =
  "Check the network, or the registry npm uses (`npm config get registry`; MILADY_UPDATE_REGISTRY overrides it), then press Check now.";

export interface HeadlessUpdatesOptions {
  settings: UpdateSettings;
  stateDir: string;
  name: string;
  current: string;
  log: Logger;
  env?: Record<string, string | undefined>;
  now?: () => number;
  /** The registry check; a test passes its own. */
  checkRegistry?: typeof checkRegistry;
}

/**
 * Headless Milady: what the npm registry says, from `<state>/update-check.json` (shared with
 * `milady update status`). It cannot replace itself while it runs: `milady update` does that.
 */
export class HeadlessUpdates implements UpdatesBackend {
  private last: LastCheck | undefined;
  private checking: Promise<void> | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly offSettings: () => void;
  private readonly env: Record<string, string | undefined>;
  private readonly now: () => number;

  constructor(private readonly options: HeadlessUpdatesOptions) {
    this.env = options.env ?? process.env;
    this.now = options.now ?? Date.now;
    this.last = readLastCheck(options.stateDir);
    this.offSettings = options.settings.onChange(() => this.changed());
  }

  /** At start, in the background and at most once a day; never in CI or with MILADY_NO_UPDATE_CHECK=1. */
  startDailyCheck(): void {
    if (this.options.settings.current().mode === "off" || updateChecksDisabled(this.env)) return;
    if (!dailyCheckDue(this.last, this.now())) return;
    void this.check().then((status) => {
      if (status.state === "available" && status.available) {
        this.options.log.info(
          `Milady ${status.available.version} is available (${status.channel}; this is ${status.current}): run \`${UPDATE_COMMAND}\``,
        );
      }
    });
  }

  status(): UpdateStatus {
    const { channel, mode } = this.options.settings.current();
    const { current } = this.options;
    const last = this.last;
    // A check made for another channel, or before this version was installed, says nothing now.
    const result = last?.result?.channel === channel ? last.result : undefined;
    const newer = result ? compareVersions(result.latest, current) > 0 : false;
    const base = {
      backend: "headless" as const,
      current,
      channel,
      configuredChannel: channel,
      mode,
      lastCheckAt: last?.at,
      canApply: false,
      applyCommand: UPDATE_COMMAND,
    };
    if (this.checking) return { ...base, state: "checking", message: `asking the npm registry about ${channel}` };
    if (last?.error) return { ...base, state: "error", error: { message: last.error, fix: REGISTRY_FIX } };
    if (result && newer) {
      return {
        ...base,
        state: "available",
        available: { version: result.latest },
        message: `Milady ${result.latest} is available on ${channel}: install it with "${UPDATE_COMMAND}" in a terminal, then restart Milady`,
      };
    }
    if (result) {
      return {
        ...base,
        state: "up_to_date",
        message: `Milady ${current} is up to date on ${channel} (npm ${CHANNEL_TAG[channel]}: ${result.latest})`,
      };
    }
    return {
      ...base,
      state: "idle",
      message:
        mode === "off"
          ? "automatic checks are off; Check now still works"
          : `npm has not been asked about ${channel} yet`,
    };
  }

  check(): Promise<UpdateStatus> {
    // A second Check now while one runs joins it.
    if (!this.checking) {
      this.checking = this.runCheck().finally(() => {
        this.checking = undefined;
        this.changed();
      });
      this.changed();
    }
    return this.checking.then(() => this.status());
  }

  async download(): Promise<UpdateStatus> {
    throw notHere("download");
  }

  async apply(): Promise<ApplyAnswer> {
    throw notHere("apply");
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    this.offSettings();
    this.listeners.clear();
  }

  private async runCheck(): Promise<void> {
    const { name, current, stateDir, log } = this.options;
    const channel = this.options.settings.current().channel;
    const check = this.options.checkRegistry ?? checkRegistry;
    const at = this.now();
    try {
      const result = await check({ name, current, channel, registry: updateRegistry(this.env) });
      this.last = { at, result };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.warn(`update check failed: ${message}`);
      this.last = { at, error: message };
    }
    try {
      writeLastCheck(stateDir, this.last);
    } catch (error) {
      log.warn(`could not record the update check: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

function notHere(what: "download" | "apply"): MiladyError {
  return new MiladyError(
    "not_found",
    `this Milady runs headless: it cannot ${what === "apply" ? "replace itself while it runs" : "download its own update"}`,
    `Run \`${UPDATE_COMMAND}\` in a terminal (it updates the way Milady was installed), then restart Milady.`,
  );
}

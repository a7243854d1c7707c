/**
 * Runs Electrobun 1.18.1's real Updater.ts inside a fake install (see electrobun-app.ts), started as
 * `<install>/bin/bun --preload electrobun-native-stub.ts electrobun-updater-driver.ts <scenario>`
 * with cwd `<install>/bin`. Prints one `RESULT {json}` line.
 *
 *   raw     checkForUpdate(), then downloadUpdate(), as Electrobun's own API
 *   policy  Milady's DesktopUpdatePolicy over shellUpdaterFrom(Updater): start (check + auto
 *           download), Restart to update while a reply streams (deferred), the reply ends,
 *           then Electrobun's applyUpdate() for real, up to its quit() (the stub's)
 */
import { join } from "node:path";
import { AppliedRecord } from "../../src-main/desktop/updates/applied-record";
import { systemClock } from "../../src-main/desktop/updates/clock";
import { type ElectrobunUpdaterApi, shellUpdaterFrom } from "../../src-main/desktop/updates/electrobun-updater";
import { DesktopUpdatePolicy } from "../../src-main/desktop/updates/policy";
import { FakeActivity } from "../../src-main/desktop/updates/testing";
import { MemorySettings } from "../../src-main/update/testing";
import type { UpdateStatus } from "../../src-shared/protocol";

const UPDATER = join(
  import.meta.dir,
  "..",
  "..",
  "node_modules",
  "electrobun",
  "dist",
  "api",
  "bun",
  "core",
  "Updater.ts",
);

interface ElectrobunUpdater extends ElectrobunUpdaterApi {
  getStatusHistory(): Array<{ status: string; message: string }>;
}

const { Updater } = (await import(UPDATER)) as { Updater: ElectrobunUpdater };
const scenario = process.argv[2];
const result: Record<string, unknown> = { scenario };

async function waitFor<T>(what: string, fn: () => T | undefined, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await Bun.sleep(10);
  }
}

try {
  if (scenario === "raw") {
    let t = performance.now();
    const check = await Updater.checkForUpdate();
    const checkMs = performance.now() - t;
    result.check = { version: check.version, hash: check.hash, updateAvailable: check.updateAvailable };
    t = performance.now();
    if (check.updateAvailable) await Updater.downloadUpdate().catch((e: Error) => (result.downloadThrew = e.message));
    result.timings = { checkMs: Math.round(checkMs), downloadMs: Math.round(performance.now() - t) };
    result.ready = Updater.updateInfo()?.updateReady === true;
    result.error = Updater.updateInfo()?.error ?? "";
  } else if (scenario === "policy") {
    const activity = new FakeActivity();
    const channel = (process.env.MILADY_TEST_CHANNEL ?? "stable") as "stable" | "beta" | "canary";
    const settings = new MemorySettings("auto", channel);
    const log = (msg: string) => console.error(`[policy] ${msg}`);
    const notifications: unknown[] = [];
    result.notifications = notifications;
    const policy = new DesktopUpdatePolicy({
      updater: shellUpdaterFrom(Updater),
      notify: (n) => notifications.push(n),
      devBuild: false,
      settings,
      activity,
      record: new AppliedRecord(process.env.MILADY_TEST_RECORD!, log),
      clock: systemClock,
      log: { error: log, warn: log, info: log, debug: log },
      version: "0.0.0",
    });
    const states: string[] = [];
    policy.onChange(() => {
      const { state } = policy.status();
      if (states.at(-1) !== state) states.push(state);
    });
    result.states = states;
    await policy.start();
    const settled = (s: UpdateStatus) => !["idle", "checking", "downloading"].includes(s.state);
    const first = await waitFor("the first check to settle", () =>
      settled(policy.status()) ? policy.status() : undefined,
    );
    result.first = first;
    if (first.state === "ready" && process.env.MILADY_TEST_APPLY === "1") {
      activity.reply(true);
      await policy.restartToUpdate();
      result.whileReplying = policy.status();
      const t = performance.now();
      activity.reply(false);
      await waitFor("Electrobun's quit()", () => (globalThis.__electrobunStub.quitCalls > 0 ? true : undefined));
      result.timings = { applyMs: Math.round(performance.now() - t) };
    }
    result.last = policy.status();
    policy.stop();
  }
} catch (error) {
  result.thrown = error instanceof Error ? `${error.message}\n${error.stack}` : String(error);
}
result.statuses = Updater.getStatusHistory().map((s) => `${s.status}: ${s.message}`);
result.quitCalls = globalThis.__electrobunStub.quitCalls;
console.log(`RESULT ${JSON.stringify(result)}`);

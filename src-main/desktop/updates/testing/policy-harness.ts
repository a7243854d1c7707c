import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { UpdateMode, UpdateStatus } from "../../../../src-shared/protocol";
import { MemorySettings } from "../../../update/testing";
import type { Notification } from "../../shell";
import { AppliedRecord, appliedRecordPath } from "../applied-record";
import { DesktopUpdatePolicy } from "../policy";
import { FakeActivity } from "./fake-activity";
import { FakeClock, settle } from "./fake-clock";
import { FakeShellUpdater } from "./fake-updater";

/** One policy over the named doubles, in a temp state dir, with what it said collected. */
export interface PolicyHarness {
  policy: DesktopUpdatePolicy;
  updater: FakeShellUpdater;
  clock: FakeClock;
  activity: FakeActivity;
  settings: MemorySettings;
  stateDir: string;
  notifications: Notification[];
  logs: string[];
  /** Every status the policy published, in order. */
  published: UpdateStatus[];
  /** A second policy on the same state dir: the app after a relaunch. */
  relaunch(info?: Partial<FakeShellUpdater["info"]>): Promise<PolicyHarness>;
  close(): void;
}

export async function startPolicy(
  options: {
    mode?: UpdateMode;
    devBuild?: boolean;
    updater?: FakeShellUpdater;
    stateDir?: string;
    clock?: FakeClock;
  } = {},
): Promise<PolicyHarness> {
  const updater = options.updater ?? new FakeShellUpdater();
  const clock = options.clock ?? new FakeClock();
  const activity = new FakeActivity();
  const settings = new MemorySettings(options.mode ?? "auto");
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), "milady-desktop-updates-"));
  const notifications: Notification[] = [];
  const logs: string[] = [];
  const at = (level: string) => (msg: string) => logs.push(`${level}: ${msg}`);
  const policy = new DesktopUpdatePolicy({
    updater,
    notify: (n) => notifications.push(n),
    devBuild: options.devBuild ?? false,
    settings,
    activity,
    record: new AppliedRecord(appliedRecordPath(stateDir), at("warn")),
    clock,
    log: { error: at("error"), warn: at("warn"), info: at("info"), debug: at("debug") },
    version: "0.0.0-fallback",
  });
  const published: UpdateStatus[] = [];
  policy.onChange(() => published.push(policy.status()));
  await policy.start();
  await settle();
  const harness: PolicyHarness = {
    policy,
    updater,
    clock,
    activity,
    settings,
    stateDir,
    notifications,
    logs,
    published,
    async relaunch(info = {}) {
      policy.stop();
      const next = new FakeShellUpdater();
      next.info = { ...updater.info, ...info };
      next.feed = updater.feed;
      return startPolicy({ mode: settings.current().mode, updater: next, stateDir, clock });
    },
    close() {
      policy.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
  return harness;
}

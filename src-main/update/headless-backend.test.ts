import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MiladyError } from "../../src-shared/protocol";
import { until } from "../../test/support/until";
import { readLastCheck, writeLastCheck } from "./daily-check";
import { HeadlessUpdates } from "./headless-backend";
import { type checkRegistry, RegistryUnreachable } from "./registry-check";
import { MemorySettings } from "./testing";

const DAY = 24 * 60 * 60 * 1000;
let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

/** npm's answer per dist-tag, as a test double of the registry check (the real one is in test/integration). */
function registry(tags: Record<string, string> | Error) {
  const asked: string[] = [];
  const check: typeof checkRegistry = async ({ current, channel }) => {
    asked.push(channel);
    if (tags instanceof Error) throw tags;
    const latest = tags[channel]!;
    return { current, latest, channel, updateAvailable: latest !== current };
  };
  return { check, asked };
}

function backend(options: { tags?: Record<string, string> | Error; env?: Record<string, string>; now?: number } = {}) {
  const stateDir = mkdtempSync(join(tmpdir(), "milady-headless-updates-"));
  dirs.push(stateDir);
  const settings = new MemorySettings("auto");
  const lines: string[] = [];
  const say = (msg: string) => void lines.push(msg);
  const reg = registry(options.tags ?? { stable: "0.2.0", beta: "0.3.0-beta.1", canary: "0.1.0" });
  const make = () =>
    new HeadlessUpdates({
      settings,
      stateDir,
      name: "milady",
      current: "0.1.0",
      log: { error: say, warn: say, info: say, debug: say },
      env: options.env ?? {},
      now: () => options.now ?? Date.UTC(2026, 0, 2),
      checkRegistry: reg.check,
    });
  return { make, settings, stateDir, asked: reg.asked, lines };
}

describe("headless updates", () => {
  test("Check now asks the registry for the configured channel; the status names `milady update`", async () => {
    const b = backend();
    const updates = b.make();
    expect(updates.status()).toMatchObject({ backend: "headless", state: "idle", canApply: false });
    const seen: string[] = [];
    updates.onChange(() => seen.push(updates.status().state));
    const status = await updates.check();
    expect(seen[0]).toBe("checking");
    expect(status).toMatchObject({
      state: "available",
      current: "0.1.0",
      channel: "stable",
      available: { version: "0.2.0" },
      applyCommand: "milady update",
      message: expect.stringContaining('"milady update"'),
    });
    // Shared with `milady update status`.
    expect(readLastCheck(b.stateDir)?.result?.latest).toBe("0.2.0");
    b.settings.set({ channel: "canary" });
    expect(updates.status().state).toBe("idle"); // that check was for stable
    expect((await updates.check()).state).toBe("up_to_date");
    expect(b.asked).toEqual(["stable", "canary"]);
  });

  test("apply and download are refused with the command that does it", async () => {
    const updates = backend().make();
    for (const refused of [await updates.apply().catch((e) => e), await updates.download().catch((e) => e)]) {
      expect(refused).toBeInstanceOf(MiladyError);
      expect(refused).toMatchObject({ code: "not_found", fix: expect.stringContaining("milady update") });
    }
  });

  test("an unreachable registry is an error with its fix; the check is recorded", async () => {
    const b = backend({ tags: new RegistryUnreachable("http://127.0.0.1:1", "connection refused") });
    const status = await b.make().check();
    expect(status).toMatchObject({
      state: "error",
      error: { message: expect.stringContaining("did not answer"), fix: expect.stringContaining("registry") },
    });
    expect(readLastCheck(b.stateDir)?.error).toContain("127.0.0.1:1");
  });

  test("at start: at most once a day, one log line when newer; never in CI, with MILADY_NO_UPDATE_CHECK or mode off", async () => {
    const b = backend();
    const first = b.make();
    first.startDailyCheck();
    await until(() => b.lines.some((l) => l.includes("0.2.0 is available")), 10_000, "the update line");
    writeLastCheck(b.stateDir, { at: Date.UTC(2026, 0, 2) - DAY / 2, result: readLastCheck(b.stateDir)!.result });
    b.make().startDailyCheck();
    const quietEnvs: Record<string, string>[] = [{ CI: "true" }, { MILADY_NO_UPDATE_CHECK: "1" }];
    for (const env of quietEnvs) {
      const quiet = backend({ env, now: Date.UTC(2026, 0, 9) });
      quiet.make().startDailyCheck();
      expect(quiet.asked).toEqual([]);
    }
    const off = backend();
    off.settings.set({ mode: "off" });
    off.make().startDailyCheck();
    expect(off.asked).toEqual([]);
    expect(b.asked).toEqual(["stable"]);
  });
});

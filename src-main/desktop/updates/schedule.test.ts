import { afterEach, describe, expect, test } from "bun:test";
import { CHECK_EVERY_MS, CHECK_TIMEOUT_MS, describeDelay, RETRY_MAX_MS, retryDelay } from "./schedule";
import { FakeShellUpdater, settle } from "./testing";
import { type PolicyHarness, startPolicy } from "./testing/policy-harness";

const MIN = 60_000;
const HOUR = 60 * MIN;
let open: PolicyHarness[] = [];
const start = async (...args: Parameters<typeof startPolicy>) => {
  const h = await startPolicy(...args);
  open.push(h);
  return h;
};
afterEach(() => {
  for (const h of open) h.close();
  open = [];
});
const checks = (h: PolicyHarness) => h.updater.calls.filter((c) => c === "check").length;

describe("schedule", () => {
  test("a check at start, then every 6 h; nothing else in between", async () => {
    const h = await start();
    expect(checks(h)).toBe(1);
    expect(h.policy.status()).toMatchObject({ state: "up_to_date", lastCheckAt: h.clock.now() });
    expect(h.policy.status().nextCheckAt).toBe(h.clock.now() + CHECK_EVERY_MS);
    await h.clock.advance(CHECK_EVERY_MS - 1);
    expect(checks(h)).toBe(1);
    await h.clock.advance(1);
    expect(checks(h)).toBe(2);
    await h.clock.advance(3 * CHECK_EVERY_MS);
    expect(checks(h)).toBe(5);
    expect(h.clock.pending()).toEqual([CHECK_EVERY_MS]);
  });

  test("mode off: no check at start and none scheduled; Check now still checks", async () => {
    const h = await start({ mode: "off" });
    expect(checks(h)).toBe(0);
    expect(h.clock.pending()).toEqual([]);
    expect(h.policy.status()).toMatchObject({ state: "idle", message: expect.stringContaining("Check now") });
    await h.clock.advance(10 * CHECK_EVERY_MS);
    expect(checks(h)).toBe(0);
    h.updater.feed = { version: "1.1.0", hash: "hash-110" };
    const status = await h.policy.check();
    expect(checks(h)).toBe(1);
    // Found, but off downloads nothing by itself and schedules nothing.
    expect(status).toMatchObject({ state: "available", available: { version: "1.1.0" } });
    expect(h.updater.calls).not.toContain("download");
    expect(h.clock.pending()).toEqual([]);
  });

  test("switching off stops the schedule; switching back checks when the 6 h are up", async () => {
    const h = await start();
    h.settings.set({ mode: "off" });
    expect(h.clock.pending()).toEqual([]);
    await h.clock.advance(2 * HOUR);
    h.settings.set({ mode: "notify" });
    expect(h.clock.pending()).toEqual([4 * HOUR]);
    await h.clock.advance(4 * HOUR);
    expect(checks(h)).toBe(2);
  });

  test("a development build (channel dev, or shell.devBuild) never checks, not even on Check now", async () => {
    const dev = new FakeShellUpdater();
    dev.info.channel = "dev";
    for (const h of [await start({ updater: dev }), await start({ devBuild: true })]) {
      await h.policy.check();
      await h.policy.checkNow();
      await h.clock.advance(2 * CHECK_EVERY_MS);
      expect(h.updater.calls).toEqual([]);
      expect(h.policy.status()).toMatchObject({ state: "disabled", message: expect.stringContaining("development") });
      expect(h.policy.menuState()).toEqual({ busy: false, readyVersion: undefined });
    }
  });
});

describe("modes", () => {
  test("auto: found -> downloaded in the background -> ready, with one notification", async () => {
    const updater = new FakeShellUpdater();
    updater.feed = { version: "1.1.0", hash: "hash-110" };
    const h = await start({ updater });
    expect(updater.calls).toEqual(["check", "download"]);
    expect(h.policy.status()).toMatchObject({ state: "ready", available: { version: "1.1.0" }, canApply: true });
    const states = h.published.map((s) => s.state).filter((state, i, all) => state !== all[i - 1]);
    expect(states).toEqual(["checking", "downloading", "ready"]);
    expect(h.notifications).toEqual([{ title: "Milady 1.1.0 is ready", body: expect.stringContaining("Restart") }]);
    expect(h.policy.menuState()).toEqual({ busy: false, readyVersion: "1.1.0" });
    // Ready waits for its restart: later checks leave it alone.
    await h.clock.advance(CHECK_EVERY_MS);
    expect(updater.calls).toEqual(["check", "download"]);
  });

  test("Check now answers when the check is done; the download it starts goes on in the background", async () => {
    const updater = new FakeShellUpdater();
    updater.holdDownloads = true;
    const h = await start({ updater });
    updater.feed = { version: "1.1.0", hash: "hash-110" };
    const answer = await h.policy.check();
    expect(answer).toMatchObject({ state: "downloading", available: { version: "1.1.0" } });
    updater.finishDownload();
    await settle();
    expect(h.policy.status().state).toBe("ready");
  });

  test("notify: tells once per version, downloads only when asked (Settings' Download or the tray's check)", async () => {
    const updater = new FakeShellUpdater();
    updater.feed = { version: "1.1.0", hash: "hash-110" };
    const h = await start({ mode: "notify", updater });
    expect(h.policy.status()).toMatchObject({ state: "available", available: { version: "1.1.0" }, canApply: false });
    expect(h.notifications).toEqual([{ title: "Milady 1.1.0 is available", body: expect.any(String) }]);
    await h.clock.advance(CHECK_EVERY_MS);
    expect(h.notifications).toHaveLength(1);
    expect(updater.calls).toEqual(["check", "check"]);
    // A Check now from the dashboard only checks.
    await h.policy.check();
    expect(updater.calls).not.toContain("download");
    await h.policy.download();
    await settle();
    expect(h.policy.status().state).toBe("ready");

    const tray = await start({
      mode: "notify",
      updater: Object.assign(new FakeShellUpdater(), { feed: updater.feed }),
    });
    await tray.policy.checkNow();
    expect(tray.updater.calls).toEqual(["check", "check", "download"]);
    expect(tray.policy.menuState().readyVersion).toBe("1.1.0");
  });

  test("notify -> auto downloads the update already found", async () => {
    const updater = new FakeShellUpdater();
    updater.feed = { version: "1.1.0", hash: "hash-110" };
    const h = await start({ mode: "notify", updater });
    h.settings.set({ mode: "auto" });
    await settle();
    expect(h.policy.status().state).toBe("ready");
  });

  test("progress while downloading reaches listeners at most 4 times a second; the tray shows busy", async () => {
    const updater = new FakeShellUpdater();
    updater.feed = { version: "1.1.0", hash: "hash-110" };
    updater.holdDownloads = true;
    const h = await start({ updater });
    expect(h.policy.status()).toMatchObject({ state: "downloading" });
    expect(h.policy.menuState().busy).toBe(true);
    await h.clock.advance(250);
    const before = h.published.length;
    for (let p = 1; p <= 40; p++) updater.progress(p);
    expect(h.published.slice(before)).toEqual([expect.objectContaining({ state: "downloading", progress: 1 })]);
    await h.clock.advance(250);
    updater.progress(60);
    expect(h.published.at(-1)).toMatchObject({ state: "downloading", progress: 60 });
    updater.finishDownload();
    await settle();
    expect(h.policy.status()).toMatchObject({ state: "ready", progress: undefined });
  });
});

describe("failures", () => {
  test("retry delays grow 1 min, 2, 4 … and stop growing at 6 h", () => {
    expect([1, 2, 3, 4, 5].map(retryDelay)).toEqual([MIN, 2 * MIN, 4 * MIN, 8 * MIN, 16 * MIN]);
    expect(retryDelay(9)).toBe(256 * MIN);
    expect(retryDelay(10)).toBe(RETRY_MAX_MS);
    expect(retryDelay(50)).toBe(6 * HOUR);
    expect(describeDelay(MIN)).toBe("1 min");
    expect(describeDelay(6 * HOUR)).toBe("6 h");
  });

  test("a failing check: logged, shown with its fix, retried with growing delays; a success goes back to 6 h", async () => {
    const updater = new FakeShellUpdater();
    updater.checkError = "Failed to fetch update info from http://127.0.0.1:9/feed/stable-linux-x64-update.json";
    const h = await start({ updater });
    expect(h.policy.status()).toMatchObject({
      state: "error",
      current: "1.0.0",
      error: {
        message: expect.stringContaining("checking for updates failed: Failed to fetch"),
        fix: expect.stringContaining("keeps running 1.0.0"),
        retryAt: h.clock.now() + MIN,
      },
    });
    expect(h.logs.some((l) => l.startsWith("warn: checking for updates failed") && l.includes("1 min"))).toBe(true);
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) {
      delays.push(h.clock.pending()[0]!);
      await h.clock.advance(h.clock.pending()[0]!);
    }
    expect(delays).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 360].map((m) => m * MIN));
    expect(h.clock.pending()).toEqual([6 * HOUR]);
    updater.checkError = undefined;
    await h.clock.advance(6 * HOUR);
    expect(h.policy.status()).toMatchObject({ state: "up_to_date", error: undefined });
    expect(h.clock.pending()).toEqual([CHECK_EVERY_MS]);
    // The count starts over: the next failure waits 1 min again.
    updater.checkError = "HTTP 503";
    await h.clock.advance(CHECK_EVERY_MS);
    expect(h.clock.pending()).toEqual([MIN]);
  });

  test("a failed download is retried (check, then download) and ends ready", async () => {
    const updater = new FakeShellUpdater();
    updater.feed = { version: "1.1.0", hash: "hash-110" };
    updater.downloadError = "Failed to download: http://127.0.0.1:9/feed/stable-linux-x64-Milady.tar.zst";
    const h = await start({ updater });
    expect(h.policy.status()).toMatchObject({
      state: "error",
      available: { version: "1.1.0" },
      canApply: false,
      error: { message: expect.stringContaining("downloading Milady 1.1.0 failed: Failed to download") },
    });
    await h.clock.advance(MIN);
    expect(h.clock.pending()).toEqual([2 * MIN]);
    updater.downloadError = undefined;
    await h.clock.advance(2 * MIN);
    expect(updater.calls).toEqual(["check", "download", "check", "download", "check", "download"]);
    expect(h.policy.status().state).toBe("ready");
  });

  test("a feed that never answers fails the check after 60 s instead of stopping all later checks", async () => {
    const updater = new FakeShellUpdater();
    updater.checkHangs = true;
    const h = await start({ updater });
    expect(h.policy.status().state).toBe("checking");
    await h.clock.advance(CHECK_TIMEOUT_MS);
    expect(h.policy.status()).toMatchObject({ state: "error", error: { message: expect.stringContaining("60 s") } });
    updater.checkHangs = false;
    await h.clock.advance(MIN);
    expect(h.policy.status().state).toBe("up_to_date");
  });

  test("with mode off a failed Check now is shown but not retried by itself", async () => {
    const updater = new FakeShellUpdater();
    updater.checkError = "HTTP 500";
    const h = await start({ mode: "off", updater });
    const status = await h.policy.check();
    expect(status).toMatchObject({
      state: "error",
      error: { retryAt: undefined, fix: expect.stringContaining("Check now") },
    });
    expect(h.clock.pending()).toEqual([]);
  });
});

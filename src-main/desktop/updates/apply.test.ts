import { afterEach, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { MiladyError } from "../../../src-shared/protocol";
import { appliedRecordPath } from "./applied-record";
import { refuseOffer } from "./offer";
import { FakeShellUpdater, settle } from "./testing";
import { type PolicyHarness, startPolicy } from "./testing/policy-harness";

let open: PolicyHarness[] = [];
afterEach(() => {
  for (const h of open) h.close();
  open = [];
});

/** A policy in auto mode whose feed offers 1.1.0, already downloaded and ready. */
async function ready(): Promise<PolicyHarness> {
  const updater = new FakeShellUpdater();
  updater.feed = { version: "1.1.0", hash: "hash-110" };
  const h = await startPolicy({ updater });
  open.push(h);
  expect(h.policy.status().state).toBe("ready");
  return h;
}

const recorded = (h: PolicyHarness) =>
  (JSON.parse(readFileSync(appliedRecordPath(h.stateDir), "utf8")) as { applied: Record<string, unknown>[] }).applied;

describe("applying", () => {
  test("idle: answers first, records the update, then applies it", async () => {
    const h = await ready();
    const answer = await h.policy.apply();
    expect(answer).toMatchObject({ applying: true, status: { state: "applying" } });
    expect(h.updater.calls).not.toContain("apply");
    await h.clock.advance(50);
    expect(h.updater.calls.at(-1)).toBe("apply");
    expect(recorded(h)).toEqual([
      { version: "1.1.0", hash: "hash-110", fromVersion: "1.0.0", fromHash: "hash-100", at: h.clock.now() },
    ]);
  });

  test("never while a reply streams: deferred with the reason, applied once it finishes", async () => {
    const h = await ready();
    h.activity.reply(true);
    const answer = await h.policy.apply();
    expect(answer).toMatchObject({
      applying: false,
      status: { state: "deferred", waitingFor: "reply", message: expect.stringContaining("reply") },
    });
    await h.clock.advance(60_000);
    expect(h.updater.calls).not.toContain("apply");
    h.activity.reply(false);
    expect(h.policy.status().state).toBe("applying");
    await h.clock.advance(50);
    expect(h.updater.calls.at(-1)).toBe("apply");
  });

  test("never while a model downloads, nor while either runs: it waits for both to be idle", async () => {
    const h = await ready();
    h.activity.modelDownload(true);
    await h.policy.restartToUpdate();
    expect(h.policy.status()).toMatchObject({ state: "deferred", waitingFor: "model_download" });
    // The tray shows no status line, so the user hears why nothing happens yet.
    expect(h.notifications.at(-1)).toEqual({
      title: "Milady restarts to update soon",
      body: expect.stringContaining("model download"),
    });
    h.activity.reply(true);
    h.activity.modelDownload(false);
    expect(h.policy.status()).toMatchObject({ state: "deferred", waitingFor: "reply" });
    h.activity.reply(false);
    await h.clock.advance(50);
    expect(h.updater.calls.filter((c) => c === "apply")).toHaveLength(1);
  });

  test("a reply that starts between the click and the apply defers it again", async () => {
    const h = await ready();
    await h.policy.apply();
    h.activity.reply(true);
    await h.clock.advance(50);
    expect(h.updater.calls).not.toContain("apply");
    expect(h.policy.status()).toMatchObject({ state: "deferred", waitingFor: "reply" });
    h.activity.reply(false);
    await h.clock.advance(50);
    expect(h.updater.calls).toContain("apply");
  });

  test("nothing ready: a conflict with what to do", async () => {
    const h = await startPolicy({ mode: "notify" });
    open.push(h);
    const refused = await h.policy.apply().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MiladyError);
    expect(refused).toMatchObject({ code: "conflict", fix: expect.stringContaining("Check for updates") });
  });

  test("a failed apply is shown; the app keeps its version and the build is not offered again", async () => {
    const h = await ready();
    h.updater.applyError = "Failed to replace app: EACCES";
    await h.policy.apply();
    await h.clock.advance(50);
    expect(h.policy.status()).toMatchObject({
      state: "error",
      error: { message: expect.stringContaining("EACCES"), fix: expect.stringContaining("keeps running 1.0.0") },
    });
    expect(recorded(h).map((e) => e.hash)).toEqual(["hash-110"]);
  });

  test("an unwritable record means no apply at all", async () => {
    const h = await ready();
    // A directory where the file should be: the atomic rename fails.
    const { mkdirSync } = await import("node:fs");
    mkdirSync(appliedRecordPath(h.stateDir));
    await h.policy.apply();
    await h.clock.advance(50);
    expect(h.updater.calls).not.toContain("apply");
    expect(h.policy.status()).toMatchObject({ state: "error", canApply: true });
  });
});

describe("no update loops", () => {
  test("after the relaunch the applied hash is never offered again, even when the relaunch came up old", async () => {
    const h = await ready();
    await h.policy.apply();
    await h.clock.advance(50);
    // The swap did not take: the same old build starts, and the feed still offers 1.1.0.
    const again = await h.relaunch();
    open.push(again);
    expect(again.updater.calls).toEqual(["check"]);
    expect(again.policy.status()).toMatchObject({
      state: "up_to_date",
      available: undefined,
      message: expect.stringContaining("applied before"),
    });
    expect(again.logs.some((l) => l.includes("did not take"))).toBe(true);
    await again.clock.advance(6 * 60 * 60_000);
    expect(again.updater.calls).toEqual(["check", "check"]);
    expect(again.notifications).toEqual([]);
    // A newer release is offered as usual.
    again.updater.feed = { version: "1.2.0", hash: "hash-120" };
    await again.policy.check();
    expect(again.policy.status().state).toBe("ready");
  });

  test("a relaunch on the new build logs it and offers nothing", async () => {
    const h = await ready();
    await h.policy.apply();
    await h.clock.advance(50);
    const next = await h.relaunch({ version: "1.1.0", hash: "hash-110" });
    open.push(next);
    expect(next.policy.status()).toMatchObject({ state: "up_to_date", current: "1.1.0" });
    expect(next.logs.some((l) => l.startsWith("info: running Milady 1.1.0, updated"))).toBe(true);
  });

  test("a feed version lower than or equal to this one is refused, whatever its hash", async () => {
    for (const version of ["0.9.0", "1.0.0", "1.0.0-beta.3", "not-a-version"]) {
      const updater = new FakeShellUpdater();
      updater.feed = { version, hash: `rebuilt-${version}` };
      const h = await startPolicy({ updater });
      open.push(h);
      expect(updater.calls).toEqual(["check"]);
      expect(h.policy.status()).toMatchObject({ state: "up_to_date", message: expect.stringContaining("ignored") });
      expect(h.logs.filter((l) => l.startsWith("warn:"))).toHaveLength(1);
      await h.policy.check();
      // Said once in the log, not at every check.
      expect(h.logs.filter((l) => l.startsWith("warn:"))).toHaveLength(1);
    }
    expect(refuseOffer({ version: "1.0.1", hash: "b" }, { version: "1.0.0", hash: "a" }, () => false)).toBeUndefined();
  });

  test("a damaged record file is logged and does not stop the app", async () => {
    const updater = new FakeShellUpdater();
    const first = await startPolicy({ updater });
    open.push(first);
    writeFileSync(appliedRecordPath(first.stateDir), "{not json");
    const next = await first.relaunch();
    open.push(next);
    await settle();
    expect(next.logs.some((l) => l.startsWith("warn:") && l.includes("desktop-updates.json"))).toBe(true);
    expect(next.policy.status().state).toBe("up_to_date");
  });
});

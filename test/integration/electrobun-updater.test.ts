// Electrobun 1.18.1's real Updater.ts, run outside a built app against a loopback feed: each
// scenario is a subprocess (test/support/electrobun-updater-driver.ts) started from a fake
// install's bin/bun with cwd bin/, so Resources/version.json, process.execPath and the helpers
// beside it are where the Updater looks. The only double is ElectrobunNativeStub (the preload):
// it replaces Utils' quit() and keeps the native library out. Checks and downloads are real
// (full archive and patch chain), and so is applyUpdate() on Linux up to quit(): it swaps
// <appData>/app and runs the new build's launcher.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeInstall, layOutApp } from "../support/electrobun-app";
import { until } from "../support/until";
import {
  ARCH,
  type BuildInfo,
  buildInfo,
  type Feed,
  makeAppTar,
  OS,
  sameBytes,
  startFeed,
  tarballName,
} from "../support/update-feed";

const SUPPORT = join(import.meta.dir, "..", "support");
const STUB = join(SUPPORT, "electrobun-native-stub.ts");
const DRIVER = join(SUPPORT, "electrobun-updater-driver.ts");

let feed: Feed;
let work: string;
const installs: FakeInstall[] = [];
const canary: Array<{ info: BuildInfo; tar: string }> = [];

beforeAll(() => {
  feed = startFeed();
  work = mkdtempSync(join(tmpdir(), "milady-eb-work-"));
  for (const version of ["1.0.0", "1.1.0", "1.2.0"]) {
    const info = buildInfo(version, "canary", feed.url);
    canary.push({ info, tar: makeAppTar(work, info) });
  }
  feed.announce(canary[2]!.info);
  feed.publishArchive(canary[2]!.tar, canary[2]!.info);
  feed.publishPatch(canary[0]!.tar, canary[0]!.info, canary[1]!.tar);
  feed.publishPatch(canary[1]!.tar, canary[1]!.info, canary[2]!.tar);
  // beta offers an older build than the one installed; stable announces a build whose archive is missing.
  feed.announce(buildInfo("1.0.0", "beta", feed.url));
  feed.announce(buildInfo("1.2.0", "stable", feed.url));
}, 120_000);

afterAll(() => {
  feed.stop();
  for (const install of installs) install.remove();
  rmSync(work, { recursive: true, force: true });
});

interface DriverResult {
  check?: { version: string; hash: string; updateAvailable?: boolean };
  ready?: boolean;
  error?: string;
  downloadThrew?: string;
  states?: string[];
  first?: Record<string, unknown>;
  whileReplying?: Record<string, unknown>;
  last?: Record<string, unknown>;
  notifications?: Array<{ title: string }>;
  statuses: string[];
  quitCalls: number;
  timings?: Record<string, number>;
  thrown?: string;
}

/** One subprocess, bounded: the driver waits at most 60 s for anything; this waits a little longer. */
async function drive(
  install: FakeInstall,
  scenario: "raw" | "policy",
  env: Record<string, string> = {},
): Promise<DriverResult> {
  const proc = Bun.spawn([install.bun, "--preload", STUB, DRIVER, scenario], {
    cwd: install.binDir,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      ...process.env,
      XDG_DATA_HOME: install.dataHome,
      MILADY_TEST_RECORD: join(install.root, "desktop-updates.json"),
      MILADY_TEST_LAUNCHED: join(install.root, "launched.txt"),
      ...env,
    },
  });
  const timer = setTimeout(() => proc.kill(), 90_000);
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  clearTimeout(timer);
  const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
  if (code !== 0 || !line) throw new Error(`driver exited ${code} without a result:\n${stdout}\n${stderr}`);
  const result = JSON.parse(line.slice("RESULT ".length)) as DriverResult;
  if (result.thrown) throw new Error(`driver failed: ${result.thrown}\n${stderr}`);
  return result;
}

function install(info: BuildInfo): FakeInstall {
  const made = layOutApp(info);
  installs.push(made);
  return made;
}

const latestTar = (i: FakeInstall) => join(i.appData, "self-extraction", `${canary[2]!.info.hash}.tar`);

describe("Electrobun's Updater, for real, against the loopback feed", () => {
  test("full archive: the newer hash is found, the .tar.zst fetched and decompressed by the zig-zstd beside execPath", async () => {
    const i = install(canary[0]!.info);
    const before = feed.requests.length;
    const r = await drive(i, "raw");
    expect(r.check).toEqual({ version: "1.2.0", hash: canary[2]!.info.hash, updateAvailable: true });
    expect(r.ready).toBe(true);
    expect(r.statuses).toContain(
      `local-tar-missing: Local tar not found for ${canary[0]!.info.hash.slice(0, 8)}, will download full bundle`,
    );
    expect(r.statuses).toContain("decompressing: Decompression complete");
    expect(r.statuses.at(-1)).toBe("download-complete: Update ready to install (used full download path)");
    expect(sameBytes(latestTar(i), canary[2]!.tar)).toBe(true);
    expect(feed.requests.slice(before)).toContain(`/${tarballName("Milady", "canary")}`);
    console.log(`electrobun full download: check ${r.timings?.checkMs} ms, download ${r.timings?.downloadMs} ms`);
  }, 120_000);

  test("patch chain: with the installed build's tar kept, two bsdiff patches (bspatch wrapper) replace the archive", async () => {
    const i = install(canary[0]!.info);
    mkdirSync(join(i.appData, "self-extraction"), { recursive: true });
    copyFileSync(canary[0]!.tar, join(i.appData, "self-extraction", `${canary[0]!.info.hash}.tar`));
    const before = feed.requests.length;
    const r = await drive(i, "raw");
    expect(r.ready).toBe(true);
    expect(r.statuses.filter((s) => s.startsWith("patch-applied: Patch "))).toEqual([
      "patch-applied: Patch 1 applied successfully",
      "patch-applied: Patch 2 applied successfully",
    ]);
    expect(r.statuses.at(-1)).toBe("download-complete: Update ready to install (used patch path)");
    expect(sameBytes(latestTar(i), canary[2]!.tar)).toBe(true);
    const asked = feed.requests.slice(before);
    expect(asked).toContain(`/canary-${OS}-${ARCH}-${canary[0]!.info.hash}.patch`);
    expect(asked).toContain(`/canary-${OS}-${ARCH}-${canary[1]!.info.hash}.patch`);
    expect(asked).not.toContain(`/${tarballName("Milady", "canary")}`);
    console.log(
      `electrobun patch chain: check ${r.timings?.checkMs} ms, download + 2 patches ${r.timings?.downloadMs} ms`,
    );
  }, 120_000);

  test("Milady's policy over it: downloaded, deferred while a reply streams, then applyUpdate swaps the app and runs its launcher", async () => {
    const i = install(canary[0]!.info);
    const r = await drive(i, "policy", { MILADY_TEST_APPLY: "1", MILADY_TEST_CHANNEL: "canary" });
    expect(r.states).toEqual(["checking", "downloading", "ready", "deferred", "applying"]);
    expect(r.first).toMatchObject({
      state: "ready",
      current: "1.0.0",
      available: { version: "1.2.0" },
      canApply: true,
    });
    expect(r.whileReplying).toMatchObject({ state: "deferred", waitingFor: "reply" });
    expect(r.notifications?.map((n) => n.title)).toEqual(["Milady 1.2.0 is ready", "Milady restarts to update soon"]);
    // Electrobun went all the way: extracted, replaced <appData>/app, started the new launcher, called quit().
    expect(r.statuses.slice(-3)).toEqual([
      "replacing-app: Removing old version...",
      "launching-new-version: Launching updated version...",
      "complete: Update complete, restarting application...",
    ]);
    expect(r.quitCalls).toBe(1);
    const swapped = JSON.parse(readFileSync(join(i.appData, "app", "Resources", "version.json"), "utf8"));
    expect(swapped).toMatchObject({ version: "1.2.0", hash: canary[2]!.info.hash });
    // The launcher runs detached: wait for what it wrote. The record was on disk before it started.
    const launched = await until(
      () => (existsSync(join(i.root, "launched.txt")) ? readFileSync(join(i.root, "launched.txt"), "utf8") : ""),
      15_000,
      "the new build's launcher",
    );
    expect(launched.split("\n")[0]).toBe("launched 1.2.0");
    expect(JSON.parse(launched.slice(launched.indexOf("\n") + 1)).applied).toEqual([
      expect.objectContaining({ version: "1.2.0", hash: canary[2]!.info.hash, fromVersion: "1.0.0" }),
    ]);
    console.log(`policy over electrobun: restart to update -> quit() ${r.timings?.applyMs} ms`);
  }, 120_000);

  test("an older build on the feed: Electrobun calls any other hash an update, the policy refuses it", async () => {
    const installed = buildInfo("1.1.0", "beta", feed.url);
    const raw = await drive(install(installed), "raw");
    expect(raw.check).toMatchObject({ version: "1.0.0", updateAvailable: true });
    const before = feed.requests.length;
    const r = await drive(install(installed), "policy", { MILADY_TEST_CHANNEL: "beta" });
    expect(r.first).toMatchObject({
      state: "up_to_date",
      message: expect.stringContaining("not newer than this 1.1.0"),
    });
    expect(feed.requests.slice(before)).toEqual([`/beta-${OS}-${ARCH}-update.json`]);
  }, 120_000);

  test("an archive the feed cannot serve: the download fails, the policy shows why and retries in 1 min", async () => {
    const i = install(buildInfo("1.0.0", "stable", feed.url));
    const raw = await drive(i, "raw");
    expect(raw.ready).toBe(false);
    expect(raw.statuses).toContain(`error: Failed to download: ${feed.url}/${tarballName("Milady", "stable")}`);
    const r = await drive(install(buildInfo("1.0.0", "stable", feed.url)), "policy");
    const first = r.first as { state: string; error?: { message: string; retryAt?: number }; lastCheckAt: number };
    expect(first.state).toBe("error");
    expect(first.error?.message).toContain(`Failed to download: ${feed.url}/${tarballName("Milady", "stable")}`);
    // One minute after the failure (the download itself took a moment after the check).
    const wait = (first.error?.retryAt ?? 0) - first.lastCheckAt;
    expect(wait).toBeGreaterThanOrEqual(60_000);
    expect(wait).toBeLessThan(90_000);
    expect(r.first).toMatchObject({ current: "1.0.0", canApply: false });
  }, 120_000);

  test("a dev build: the policy never asks the feed", async () => {
    const before = feed.requests.length;
    const r = await drive(install(buildInfo("1.0.0", "dev", feed.url)), "policy");
    expect(r.first).toMatchObject({ state: "disabled", channel: "dev" });
    expect(r.statuses).toEqual([]);
    expect(feed.requests.slice(before)).toEqual([]);
  }, 120_000);
});

import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ServerEvent, UpdateStatus } from "../../src-shared/protocol";
import { FakeShellUpdater } from "../desktop/updates/testing";
import { startPolicy } from "../desktop/updates/testing/policy-harness";
import { HeadlessUpdates, UpdatesService } from "../update";
import { MemorySettings } from "../update/testing";
import { EventBus } from "./event-bus";
import { connectWs, startTestServer, type TestServer } from "./testing/test-server";

const quiet = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} };
const open: TestServer[] = [];
afterAll(async () => {
  for (const t of open) await t.close();
});
const isUpdate = (e: ServerEvent): e is Extract<ServerEvent, { type: "update_status" }> => e.type === "update_status";

describe("/api/updates", () => {
  test("without an updates service every route is a 404 that says what to use", async () => {
    const t = await startTestServer();
    open.push(t);
    const res = await t.api("/api/updates");
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { fix: string } }).error.fix).toContain("milady update");
  });

  test("headless: the registry's answer, Check now on /ws, apply refused with `milady update`", async () => {
    const events = new EventBus();
    const stateDir = mkdtempSync(join(tmpdir(), "milady-updates-route-"));
    const headless = new HeadlessUpdates({
      settings: new MemorySettings("notify", "beta"),
      stateDir,
      name: "milady",
      current: "0.1.0",
      log: quiet,
      checkRegistry: async ({ current, channel }) => ({
        current,
        latest: "0.2.0-beta.1",
        channel,
        updateAvailable: true,
      }),
    });
    const service = new UpdatesService(headless, (status) => events.publish("update_status", status));
    const served = await startTestServer({ updates: service, events });
    open.push(served);
    const ws = await connectWs(served.url);
    const before = (await (await served.api("/api/updates")).json()) as UpdateStatus;
    expect(before).toMatchObject({ backend: "headless", state: "idle", channel: "beta", mode: "notify" });
    const checked = await served.api("/api/updates/check", { method: "POST" });
    expect(checked.status).toBe(200);
    expect(await checked.json()).toMatchObject({ state: "available", available: { version: "0.2.0-beta.1" } });
    const event = await ws.next((e) => isUpdate(e) && e.payload.state === "available", 10_000);
    expect(event.seq).toBeGreaterThan(0);
    const apply = await served.api("/api/updates/apply", { method: "POST" });
    expect(apply.status).toBe(404);
    expect(((await apply.json()) as { error: { fix: string } }).error.fix).toContain("`milady update`");
    ws.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  test("desktop: check, download on request with progress on /ws, apply deferred during a reply", async () => {
    const updater = new FakeShellUpdater();
    updater.feed = { version: "1.1.0", hash: "hash-110" };
    const h = await startPolicy({ mode: "notify", updater });
    const events = new EventBus();
    const service = new UpdatesService(h.policy, (status) => events.publish("update_status", status));
    const served = await startTestServer({ updates: service, events });
    open.push(served);
    const ws = await connectWs(served.url);
    const status = (await (await served.api("/api/updates")).json()) as UpdateStatus;
    expect(status).toMatchObject({ backend: "desktop", state: "available", canApply: false });
    const early = await served.api("/api/updates/apply", { method: "POST" });
    expect(early.status).toBe(409);
    const download = await served.api("/api/updates/download", { method: "POST" });
    expect(download.status).toBe(202);
    await ws.next((e) => isUpdate(e) && e.payload.state === "ready", 10_000);
    h.activity.reply(true);
    const deferred = await served.api("/api/updates/apply", { method: "POST" });
    expect(deferred.status).toBe(202);
    expect(await deferred.json()).toMatchObject({
      applying: false,
      status: { state: "deferred", waitingFor: "reply" },
    });
    h.activity.reply(false);
    await ws.next((e) => isUpdate(e) && e.payload.state === "applying", 10_000);
    await h.clock.advance(50);
    expect(updater.calls.at(-1)).toBe("apply");
    ws.close();
    h.close();
  });
});

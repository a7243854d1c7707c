// Triggers against the real main process (real Worker, PGlite, the scripted model) on real
// timers: an interval trigger posts into its conversation and /ws, run now, validation,
// a restart keeps triggers and history and runs a missed one once, and the CLI.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MAIN, type MiladyProcess, postJson, removeDir, runCli, startMilady } from "../support/milady-process";

let milady: MiladyProcess;
let stateDir: string;

beforeAll(async () => {
  milady = await startMilady();
  stateDir = milady.stateDir;
});
afterAll(async () => {
  if (milady.proc.exitCode === null) await milady.stop();
  removeDir(stateDir);
});

const cli = (args: string[]) => runCli(stateDir, args);

describe("triggers", () => {
  let conversationId: string;
  let intervalId: string;

  test("an interval trigger (10 s, real timers) posts prompt and reply into its conversation, with proactive_message on /ws", async () => {
    const { conversation } = await milady.json("/api/conversations", postJson({ title: "Triggered" }));
    conversationId = conversation.id;
    const ws = new WebSocket(`${milady.url.replace("http", "ws")}/ws`);
    const events: any[] = [];
    ws.onmessage = (e) => events.push(JSON.parse(String(e.data)));
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = reject;
    });
    const created = await milady.api(
      "/api/triggers",
      postJson({
        name: "tick",
        kind: "interval",
        intervalMs: 10_000,
        prompt: "time check",
        conversationId,
        maxRuns: 1,
      }),
    );
    expect(created.status).toBe(201);
    const trigger = await created.json();
    intervalId = trigger.id;
    expect(trigger.nextRunAt - trigger.createdAt).toBe(10_000);

    // proactive_message and trigger_run are two events: wait for both (the second may come a moment later).
    const both = () =>
      events.some((e) => e.type === "proactive_message") &&
      events.some((e) => e.type === "trigger_run" && e.payload.run.status === "ok");
    const deadline = Date.now() + 30_000;
    while (!both() && Date.now() < deadline) await Bun.sleep(100);
    ws.close();
    const proactive = events.find((e) => e.type === "proactive_message");
    expect(proactive?.payload).toMatchObject({ triggerId: trigger.id, conversationId, text: "Echo: time check" });
    expect(events.some((e) => e.type === "trigger_run" && e.payload.run.status === "ok")).toBe(true);

    const { messages } = await milady.json(`/api/conversations/${conversationId}/messages`);
    expect(messages.map((m: any) => m.text)).toEqual(["time check", "Echo: time check"]);
    const { runs } = await milady.json(`/api/triggers/${trigger.id}/runs`);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "ok", reply: "Echo: time check" });
    expect(runs[0].endedAt).toBeGreaterThanOrEqual(runs[0].startedAt);
    // maxRuns 1: disabled after its run.
    expect(await milady.json(`/api/triggers/${trigger.id}`)).toMatchObject({ enabled: false, runs: 1 });
  }, 120_000);

  test("validation answers 400 or 404 with the reason", async () => {
    const short = await milady.api(
      "/api/triggers",
      postJson({ name: "x", kind: "interval", intervalMs: 1000, prompt: "p" }),
    );
    expect(short.status).toBe(400);
    expect((await short.json()).error.message).toContain("shortest is 10 s");
    const cron = await milady.api("/api/triggers", postJson({ name: "x", kind: "cron", cron: "nope", prompt: "p" }));
    expect(cron.status).toBe(400);
    const past = await milady.api(
      "/api/triggers",
      postJson({ name: "x", kind: "once", at: "2001-01-01T00:00:00Z", prompt: "p" }),
    );
    expect((await past.json()).error.message).toContain("in the past");
    const unknown = await milady.api(
      "/api/triggers",
      postJson({ name: "x", kind: "interval", intervalMs: 60_000, prompt: "p", conversationId: "no-such" }),
    );
    expect(unknown.status).toBe(404);
  });

  test("run now answers the run; without a conversation the reply is only in the history", async () => {
    const trigger = await milady.json(
      "/api/triggers",
      postJson({ name: "daily", kind: "cron", cron: "0 9 * * *", timezone: "UTC", prompt: "summary please" }),
    );
    const run = await milady.json(`/api/triggers/${trigger.id}/run`, { method: "POST" });
    expect(run).toMatchObject({ status: "ok", reply: "Echo: summary please" });
    expect((await milady.json(`/api/triggers/${trigger.id}`)).runs).toBe(1);
  });

  test("the CLI lists, adds, runs and removes triggers of the running server", async () => {
    const added = await cli([
      "triggers",
      "add",
      "--name",
      "cli one",
      "--every",
      "10m",
      "--prompt",
      "from the cli",
      "--json",
    ]);
    expect(added.code).toBe(0);
    const trigger = JSON.parse(added.stdout);
    expect(trigger).toMatchObject({ kind: "interval", intervalMs: 600_000, name: "cli one" });
    const listed = await cli(["triggers", "list"]);
    expect(listed.stdout).toContain("cli one");
    expect(listed.stdout).toContain("every 600s");
    const ran = await cli(["triggers", "run", trigger.id]);
    expect(ran.stdout.trim()).toBe("Echo: from the cli");
    expect((await cli(["triggers", "remove", trigger.id])).code).toBe(0);
    const bad = await cli(["triggers", "add", "--every", "10m", "--cron", "* * * * *", "--prompt", "p"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("exactly one");
  }, 120_000);

  test("after a restart triggers and history are there, and a run missed while down runs once", async () => {
    expect(await milady.stop()).toBe(0);
    const file = join(stateDir, "triggers.json");
    const stored = JSON.parse(readFileSync(file, "utf8"));
    const tick = stored.triggers.find((t: any) => t.id === intervalId);
    // Re-enabled and due ten ticks ago, as if Milady had been down for a long time.
    tick.enabled = true;
    tick.maxRuns = 5;
    tick.nextRunAt = Date.now() - 100_000;
    writeFileSync(file, JSON.stringify(stored));

    milady = await startMilady({ stateDir });
    const deadline = Date.now() + 20_000;
    let runs: any[] = [];
    while (runs.length < 2 && Date.now() < deadline) {
      runs = (await milady.json(`/api/triggers/${intervalId}/runs`)).runs;
      await Bun.sleep(100);
    }
    await Bun.sleep(1000);
    runs = (await milady.json(`/api/triggers/${intervalId}/runs`)).runs;
    expect(runs.map((r: any) => r.status)).toEqual(["ok", "ok"]);
    const after = await milady.json(`/api/triggers/${intervalId}`);
    expect(after).toMatchObject({ runs: 2, enabled: true });
    expect(after.nextRunAt).toBeGreaterThan(Date.now());
    const { triggers } = await milady.json("/api/triggers");
    expect(triggers.map((t: any) => t.name)).toEqual(["tick", "daily"]);
  }, 120_000);
});

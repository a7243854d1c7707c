import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { triggersContract } from "../../src-shared/contracts";
import type { ProactiveMessage, TriggerRunEvent } from "../../src-shared/protocol";
import { FakeAgentController } from "../agent-host/testing";
import { type Clock, TriggerService } from "./trigger-service";

const dir = mkdtempSync(join(tmpdir(), "milady-triggers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const newFile = () => join(dir, `triggers-${files++}.json`);

/** Time that moves only when the test says; due timers fire in order. */
class FakeClock implements Clock {
  private timers: { id: number; at: number; fn: () => void }[] = [];
  private next = 1;
  constructor(public current = Date.parse("2026-06-01T08:00:00Z")) {}
  now = () => this.current;
  setTimeout = (fn: () => void, ms: number) => {
    const id = this.next++;
    this.timers.push({ id, at: this.current + ms, fn });
    return id;
  };
  clearTimeout = (handle: unknown) => {
    this.timers = this.timers.filter((t) => t.id !== handle);
  };
  /** Moves time on by `ms`, firing each timer at its own time, and lets the runs it starts settle. */
  async advance(ms: number, service?: TriggerService) {
    const end = this.current + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = Math.max(this.current, due.at);
      due.fn();
      await service?.idle();
    }
    this.current = end;
  }
}

function setup(options: { file?: string; clock?: FakeClock; agent?: FakeAgentController } = {}) {
  const agent = options.agent ?? new FakeAgentController();
  agent.tokenDelayMs = 0;
  agent.reply = (text) => `Echo: ${text}`;
  const clock = options.clock ?? new FakeClock();
  const published: Array<{ type: string; payload: ProactiveMessage | TriggerRunEvent }> = [];
  const warnings: string[] = [];
  const service = new TriggerService({
    file: options.file ?? newFile(),
    agent,
    clock,
    log: { warn: (m) => warnings.push(m), info: () => {} },
    publish: (type: string, payload: ProactiveMessage | TriggerRunEvent) => published.push({ type, payload }),
  });
  service.start();
  return { agent, clock, service, published, warnings };
}

describe("TriggerService", () => {
  test("an interval trigger runs every interval into its conversation, with a proactive_message each time", async () => {
    const { agent, clock, service, published } = setup();
    const room = await agent.call((await import("../../src-shared/contracts")).conversationsContract, "create", {
      title: "t",
    });
    const trigger = await service.create({
      name: "ping",
      kind: "interval",
      intervalMs: 60_000,
      prompt: "status?",
      conversationId: room.conversation.id,
    });
    expect(trigger.nextRunAt).toBe(clock.now() + 60_000);
    await clock.advance(59_999, service);
    expect(service.runs(trigger.id)).toEqual([]);
    await clock.advance(1, service);
    await clock.advance(60_000, service);
    const runs = service.runs(trigger.id);
    expect(runs.map((r) => [r.status, r.reply])).toEqual([
      ["ok", "Echo: status?"],
      ["ok", "Echo: status?"],
    ]);
    expect(service.get(trigger.id)).toMatchObject({ runs: 2, nextRunAt: clock.now() + 60_000 });
    const proactive = published.filter((p) => p.type === "proactive_message");
    expect(proactive).toHaveLength(2);
    expect(proactive[0]?.payload).toMatchObject({ conversationId: room.conversation.id, text: "Echo: status?" });
    expect(agent.messages.filter((m) => m.conversationId === room.conversation.id)).toHaveLength(4);
    await service.stop();
  });

  test("once runs at its time then disables; without a conversation the reply is only in the run history", async () => {
    const { clock, service, published } = setup();
    const trigger = await service.create({
      name: "reminder",
      kind: "once",
      at: new Date(clock.now() + 5 * 60_000).toISOString(),
      prompt: "remind me",
    });
    await clock.advance(5 * 60_000, service);
    expect(service.get(trigger.id)).toMatchObject({ enabled: false, runs: 1 });
    expect(service.get(trigger.id).nextRunAt).toBeUndefined();
    expect(service.runs(trigger.id)[0]).toMatchObject({ status: "ok", reply: "Echo: remind me" });
    expect(published.some((p) => p.type === "proactive_message")).toBe(false);
    expect(published.filter((p) => p.type === "trigger_run")).toHaveLength(1);
    await clock.advance(24 * 60 * 60_000, service);
    expect(service.runs(trigger.id)).toHaveLength(1);
    await service.stop();
  });

  test("cron follows its expression in its time zone; maxRuns disables it", async () => {
    const { clock, service } = setup({ clock: new FakeClock(Date.parse("2026-06-01T08:30:00Z")) });
    const trigger = await service.create({
      name: "morning",
      kind: "cron",
      cron: "0 9 * * *",
      timezone: "Europe/Berlin", // 09:00 in Berlin is 07:00 UTC in June
      prompt: "good morning",
      maxRuns: 2,
    });
    expect(new Date(trigger.nextRunAt ?? 0).toISOString()).toBe("2026-06-02T07:00:00.000Z");
    await clock.advance(3 * 24 * 60 * 60_000, service);
    const runs = service.runs(trigger.id);
    expect(runs.map((r) => new Date(r.startedAt).toISOString())).toEqual([
      "2026-06-03T07:00:00.000Z",
      "2026-06-02T07:00:00.000Z",
    ]);
    expect(service.get(trigger.id)).toMatchObject({ enabled: false, runs: 2 });
    await service.stop();
  });

  test("validation: short interval, past once, bad cron, bad time zone, unknown conversation", async () => {
    const { clock, service } = setup();
    const fails = async (input: Parameters<TriggerService["create"]>[0], code: string, text: string) => {
      const error = await service.create(input).catch((e: unknown) => e);
      expect(error).toMatchObject({ code });
      expect((error as Error).message).toContain(text);
    };
    await fails(
      { name: "a", kind: "interval", intervalMs: 5_000, prompt: "p" },
      "validation_failed",
      "shortest is 10 s",
    );
    await fails({ name: "a", kind: "interval", prompt: "p" }, "validation_failed", "needs intervalMs");
    await fails({ name: "a", kind: "once", at: clock.now() - 1, prompt: "p" }, "validation_failed", "in the past");
    await fails({ name: "a", kind: "once", at: "tomorrow-ish", prompt: "p" }, "validation_failed", "not a date");
    await fails({ name: "a", kind: "cron", cron: "61 * * * *", prompt: "p" }, "validation_failed", "not a valid cron");
    await fails(
      { name: "a", kind: "cron", cron: "0 9 * * *", timezone: "Mars/Base", prompt: "p" },
      "validation_failed",
      "not a time zone",
    );
    await fails(
      { name: "a", kind: "interval", intervalMs: 10_000, prompt: "p", conversationId: "nope" },
      "not_found",
      "no conversation nope",
    );
    expect(service.list()).toEqual([]);
    await service.stop();
  });

  test("while the agent is paused a run is skipped with the reason and does not count; it goes on after resume", async () => {
    const { agent, clock, service } = setup();
    const trigger = await service.create({ name: "p", kind: "interval", intervalMs: 10_000, prompt: "hi" });
    await agent.pause();
    await clock.advance(10_000, service);
    expect(service.runs(trigger.id)[0]).toMatchObject({ status: "skipped", error: "the agent is paused" });
    expect(service.get(trigger.id).runs).toBe(0);
    await agent.resume();
    await clock.advance(10_000, service);
    expect(service.runs(trigger.id)[0]).toMatchObject({ status: "ok" });
    expect(service.get(trigger.id).runs).toBe(1);
    await service.stop();
  });

  test("runs never overlap: a tick during a slow run is skipped, and run now answers conflict", async () => {
    const { agent, clock, service } = setup();
    const trigger = await service.create({ name: "slow", kind: "interval", intervalMs: 10_000, prompt: "hi" });
    agent.tokenDelayMs = 50; // "Echo: hi" streams as two tokens: ~100 ms
    await clock.advance(10_000);
    expect(service.runNow(trigger.id)).rejects.toMatchObject({ code: "conflict" });
    await clock.advance(10_000);
    await service.idle();
    const runs = service.runs(trigger.id);
    expect(runs.map((r) => r.status)).toEqual(["ok", "skipped"]); // newest first: the skip came during the run
    expect(runs[1]?.error).toContain("previous run");
    await service.stop();
  });

  test("triggers and history survive a restart; a run missed while down runs once at start, not once per tick", async () => {
    const file = newFile();
    const clock = new FakeClock();
    const first = setup({ file, clock });
    const trigger = await first.service.create({ name: "i", kind: "interval", intervalMs: 60_000, prompt: "hi" });
    await clock.advance(60_000, first.service);
    await first.service.stop();

    clock.current += 10 * 60_000; // down for ten ticks
    const agent = new FakeAgentController();
    agent.setState("not_started");
    const second = setup({ file, clock, agent });
    expect(second.service.runs(trigger.id)).toHaveLength(1);
    await clock.advance(0, second.service);
    expect(second.service.runs(trigger.id)).toHaveLength(1); // waits for the agent
    await agent.start();
    await second.service.idle();
    expect(second.service.runs(trigger.id).map((r) => r.status)).toEqual(["ok", "ok"]);
    expect(second.service.get(trigger.id)).toMatchObject({ runs: 2, nextRunAt: clock.now() + 60_000 });
    await second.service.stop();
  });

  test("patch: disable, re-enable, change the schedule; delete removes it and its history", async () => {
    const { clock, service } = setup();
    const trigger = await service.create({ name: "x", kind: "interval", intervalMs: 10_000, prompt: "hi" });
    const off = await service.update(trigger.id, { enabled: false });
    expect(off.nextRunAt).toBeUndefined();
    await clock.advance(60_000, service);
    expect(service.runs(trigger.id)).toEqual([]);
    const cron = await service.update(trigger.id, { enabled: true, kind: "cron", cron: "*/5 * * * *" });
    expect(cron).toMatchObject({ kind: "cron", cron: "*/5 * * * *", enabled: true });
    expect(cron.intervalMs).toBeUndefined();
    expect(service.update(trigger.id, { kind: "interval", intervalMs: 1 })).rejects.toMatchObject({
      code: "validation_failed",
    });
    const run = await service.runNow(trigger.id);
    expect(run.status).toBe("ok");
    await service.remove(trigger.id);
    expect(() => service.get(trigger.id)).toThrow(expect.objectContaining({ code: "not_found" }));
    await service.stop();
  });
});

/** Polls until `fn` gives a value (bounded): the event's handler runs asynchronously. */
async function until<T>(fn: () => T | undefined | false, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(5);
  }
}

describe("TRIGGER_TASK requests from the agent (trigger_task_requested)", () => {
  test("create and run by name go through the same checks as the API; a refused one is logged", async () => {
    const { agent, service, warnings } = setup();
    agent.emitEvent(triggersContract, "trigger_task_requested", {
      op: "create",
      trigger: { name: "Stretch", kind: "interval", intervalMs: 60_000, prompt: "stretch" },
    });
    const created = await until(() => service.list().find((t) => t.name === "Stretch"), 10_000, "the trigger");
    expect(created).toMatchObject({ kind: "interval", intervalMs: 60_000, enabled: true });

    agent.emitEvent(triggersContract, "trigger_task_requested", { op: "run", name: "stretch" });
    await until(() => service.get(created.id).runs === 1, 10_000, "the run");
    expect(service.runs(created.id)[0]).toMatchObject({ status: "ok", reply: "Echo: stretch" });

    // The schedule is main's to check (the agent only knows the schema): too short is refused and logged.
    await service.fromAgent({
      op: "create",
      trigger: { name: "fast", kind: "interval", intervalMs: 1000, prompt: "p" },
    });
    expect(service.list().some((t) => t.name === "fast")).toBe(false);
    expect(warnings.at(-1)).toContain("the agent's trigger request (create) failed");
    await service.fromAgent({ op: "run", name: "nope" });
    expect(warnings.at(-1)).toContain("there is no trigger nope");
    await service.stop();
  });
});

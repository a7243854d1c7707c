import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AutonomyStatus } from "../../../src-shared/protocol";
import { AutonomyLoop } from "./autonomy-loop";
import { autonomyFile, loadAutonomyState, saveAutonomyState } from "./autonomy-store";
import type { Clock } from "./clock";
import { HOUR_MS, ModelBudget } from "./model-budget";

/** A clock moved by hand: timers fire only when advance() passes their time. */
class FakeClock implements Clock {
  t = 1_000_000;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private seq = 0;
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + ms, fn });
    return id;
  };
  clearTimeout = (handle: unknown) => {
    this.timers.delete(handle as number);
  };
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = due[1].at;
      due[1].fn();
      await Bun.sleep(0);
    }
    this.t = end;
    await Bun.sleep(0);
  }
  pending(): number {
    return this.timers.size;
  }
}

function setup(opts: { callsPerWake?: number; cap?: number; interval?: number } = {}) {
  const clock = new FakeClock();
  const budget = new ModelBudget(clock);
  let paused = false;
  const wakes: string[] = [];
  let release: (() => void) | undefined;
  let hold = false;
  const statuses: AutonomyStatus[] = [];
  const skips: string[] = [];
  const loop = new AutonomyLoop(
    {
      clock,
      budget,
      paused: () => paused,
      wake: async (id) => {
        wakes.push(id);
        for (let i = 0; i < (opts.callsPerWake ?? 1); i++) budget.record(); // what the useModel wrapper does
        if (hold) await new Promise<void>((r) => (release = r));
        return "I tidied my notes.";
      },
      onChange: (s) => statuses.push(s),
      onSkip: (reason) => skips.push(reason),
    },
    { enabled: true, intervalMinutes: opts.interval ?? 10, maxModelCallsPerHour: opts.cap ?? 12 },
  );
  return {
    clock,
    loop,
    wakes,
    statuses,
    skips,
    pause: (p: boolean) => (paused = p),
    holdWakes: () => (hold = true),
    release: () => release?.(),
  };
}

describe("autonomy loop (fake clock)", () => {
  test("wakes every intervalMinutes while enabled; off stops the schedule", async () => {
    const s = setup();
    s.loop.start();
    expect(s.loop.status().nextWakeAt).toBe(s.clock.t + 10 * 60_000);
    await s.clock.advance(9 * 60_000);
    expect(s.wakes).toHaveLength(0);
    await s.clock.advance(60_000);
    expect(s.wakes).toHaveLength(1);
    await s.clock.advance(20 * 60_000);
    expect(s.wakes).toHaveLength(3);
    const last = s.loop.status().lastWake!;
    expect(last).toMatchObject({ status: "ok", text: "I tidied my notes.", modelCalls: 1, cause: "schedule" });
    expect(s.statuses.at(-1)!.callsThisHour).toBe(3);

    s.loop.configure({ enabled: false, intervalMinutes: 10, maxModelCallsPerHour: 12 });
    expect(s.clock.pending()).toBe(0);
    await s.clock.advance(HOUR_MS);
    expect(s.wakes).toHaveLength(3);
    expect(s.loop.status().nextWakeAt).toBeUndefined();
  });

  test("the cap: once reached, wakes are skipped (and say so) until the hour rolls", async () => {
    const s = setup({ callsPerWake: 2, cap: 4, interval: 10 });
    s.loop.start();
    await s.clock.advance(20 * 60_000); // two wakes, 4 calls: the cap
    expect(s.wakes).toHaveLength(2);
    await s.clock.advance(30 * 60_000); // three more ticks, all skipped
    expect(s.wakes).toHaveLength(2);
    const status = s.loop.status();
    expect(status.callsThisHour).toBe(4);
    expect(status.capResetsAt).toBe(1_000_000 + 10 * 60_000 + HOUR_MS);
    expect(status.lastWake).toMatchObject({ status: "skipped", modelCalls: 0 });
    expect(status.lastWake!.text).toContain("the cap of 4 model calls per hour is reached");
    expect(s.skips).toHaveLength(1); // said once (in the log), not at every skipped tick
    // An hour after the first wake its calls leave the window: the next tick wakes again.
    await s.clock.advance(20 * 60_000);
    expect(s.wakes).toHaveLength(3);
    expect(s.loop.status().lastWake!.status).toBe("ok");
  });

  test("paused: scheduled ticks are skipped with the reason; resumed, they wake again", async () => {
    const s = setup();
    s.loop.start();
    s.pause(true);
    await s.clock.advance(10 * 60_000);
    expect(s.wakes).toHaveLength(0);
    expect(s.loop.status().lastWake).toMatchObject({ status: "skipped", text: "skipped: the agent is paused" });
    s.pause(false);
    await s.clock.advance(10 * 60_000);
    expect(s.wakes).toHaveLength(1);
  });

  test("never two wakes at once: a tick during a wake is skipped, a manual wake too", async () => {
    const s = setup({ interval: 1 });
    s.holdWakes();
    s.loop.start();
    await s.clock.advance(60_000);
    expect(s.wakes).toHaveLength(1);
    expect(s.loop.status().running).toBe(true);
    await s.clock.advance(60_000);
    const manual = await s.loop.tick("manual");
    expect(s.wakes).toHaveLength(1);
    expect(manual).toMatchObject({ status: "skipped", text: "skipped: the previous wake is still running" });
    expect(s.loop.status().history.filter((w) => w.status === "skipped")).toHaveLength(2);
    s.release();
    await Bun.sleep(0);
    expect(s.loop.status().running).toBe(false);
    expect(s.loop.status().history.find((w) => w.id === s.wakes[0])?.status).toBe("ok");
  });

  test("a failed wake is recorded as an error with its message", async () => {
    const clock = new FakeClock();
    const loop = new AutonomyLoop(
      {
        clock,
        budget: new ModelBudget(clock),
        paused: () => false,
        wake: async () => {
          throw new Error("the model is down");
        },
        onChange: () => {},
      },
      { enabled: false, intervalMinutes: 30, maxModelCallsPerHour: 12 },
    );
    expect(await loop.tick("manual")).toMatchObject({ status: "error", text: "the model is down" });
  });
});

describe("autonomy across a restart", () => {
  test("the counted calls and the history come back; the hour window still applies; a wake cut short is an error", () => {
    const dir = mkdtempSync(join(tmpdir(), "milady-autonomy-"));
    try {
      const file = autonomyFile(dir);
      expect(loadAutonomyState(file)).toEqual({ calls: [], history: [] }); // nothing yet
      const clock = new FakeClock();
      const before = new ModelBudget(clock);
      before.record();
      clock.t += HOUR_MS - 1000;
      before.record();
      const running = { id: "w2", at: clock.t, status: "running" as const, modelCalls: 1, cause: "schedule" as const };
      const done = {
        id: "w1",
        at: clock.t - 5000,
        endedAt: clock.t - 4000,
        status: "ok" as const,
        text: "hi",
        modelCalls: 1,
        cause: "manual" as const,
      };
      saveAutonomyState(file, { calls: before.snapshot(), history: [running, done] });

      const saved = loadAutonomyState(file);
      const after = new ModelBudget(clock, saved.calls);
      expect(after.used()).toBe(2); // a restart does not reset the cap
      clock.t += 2000;
      expect(after.used()).toBe(1); // the first call left the hour window
      expect(saved.history.map((w) => w.status)).toEqual(["error", "ok"]);
      expect(saved.history[0]!.text).toContain("interrupted");
      writeFileSync(file, "{ not json");
      expect(loadAutonomyState(file)).toEqual({ calls: [], history: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { describe, expect, test } from "bun:test";
import { addBody, parseEvery } from "./triggers-command";

describe("milady triggers add", () => {
  test("--every takes durations", () => {
    expect(parseEvery("10m")).toBe(600_000);
    expect(parseEvery("1h30m")).toBe(5_400_000);
    expect(parseEvery("45s")).toBe(45_000);
    expect(() => parseEvery("10 minutes")).toThrow("--every must be a duration");
    expect(() => parseEvery("")).toThrow("--every must be a duration");
  });

  test("flags become the POST /api/triggers body; exactly one schedule", () => {
    expect(addBody({ name: "n", every: "10m", prompt: "p", maxRuns: "3" })).toEqual({
      name: "n",
      kind: "interval",
      intervalMs: 600_000,
      prompt: "p",
      maxRuns: 3,
    });
    expect(addBody({ cron: "0 9 * * *", tz: "UTC", prompt: "good morning", conversation: "c1" })).toEqual({
      name: "good morning",
      kind: "cron",
      cron: "0 9 * * *",
      timezone: "UTC",
      prompt: "good morning",
      conversationId: "c1",
    });
    expect(addBody({ at: "2030-01-01T00:00:00Z", prompt: "p" })).toMatchObject({
      kind: "once",
      at: "2030-01-01T00:00:00Z",
    });
    expect(() => addBody({ every: "10m", cron: "* * * * *", prompt: "p" })).toThrow("exactly one");
    expect(() => addBody({ every: "10m" })).toThrow("--prompt is required");
    expect(() => addBody({ every: "10m", prompt: "p", maxRuns: "0" })).toThrow("--max-runs");
  });
});

import { describe, expect, test } from "bun:test";
import { statusFixture } from "../testing/fixtures";
import { filterLogs } from "./logs-store";
import { applySnapshot, applyStatusEvent, useStatusStore } from "./status-store";

describe("status store", () => {
  test("older (replayed) status events never roll state back; a new runId always wins", () => {
    applySnapshot({ ...statusFixture({ state: "running" }), runId: "r1", seq: 10 });
    applyStatusEvent(statusFixture({ state: "starting" }), 5, "r1");
    expect(useStatusStore.getState().status?.state).toBe("running");
    applyStatusEvent(statusFixture({ state: "stopped" }), 11, "r1");
    expect(useStatusStore.getState().status?.state).toBe("stopped");
    applyStatusEvent(statusFixture({ state: "starting" }), 1, "r2");
    expect(useStatusStore.getState()).toMatchObject({ runId: "r2", seq: 1 });
  });
});

describe("filterLogs", () => {
  const lines = [
    { ts: 1, level: "error" as const, source: "agent", msg: "Model crashed" },
    { ts: 2, level: "warn" as const, source: "server", msg: "slow request" },
    { ts: 3, level: "info" as const, source: "agent", msg: "ready" },
    { ts: 4, level: "debug" as const, source: "ws", msg: "ping" },
  ];
  test("level means this level and more severe", () => {
    expect(filterLogs(lines, "warn", "").map((l) => l.ts)).toEqual([1, 2]);
    expect(filterLogs(lines, "all", "")).toHaveLength(4);
  });
  test("search matches message and source, case-insensitive", () => {
    expect(filterLogs(lines, "all", "CRASH").map((l) => l.ts)).toEqual([1]);
    expect(filterLogs(lines, "debug", "agent").map((l) => l.ts)).toEqual([1, 3]);
  });
});

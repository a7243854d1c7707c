// What boundLogRows lets through to the adapter's `logs` table at the default log level.
import { describe, expect, test } from "bun:test";
import type { AgentRuntime } from "@elizaos/core";
import { boundLogRows } from "./log-rows";

type LogParams = { type: string; body: Record<string, unknown>; entityId: string; roomId?: string };

function recorder() {
  const written: LogParams[] = [];
  const runtime = { adapter: { log: async (p: LogParams) => void written.push(p) } };
  boundLogRows(runtime as unknown as AgentRuntime);
  const log = (type: string, body: Record<string, unknown>) =>
    (runtime.adapter.log as (p: LogParams) => Promise<void>)({ type, body, entityId: "e" });
  return { written, log };
}

describe("boundLogRows", () => {
  test("an embedding's completed row is dropped; its failure is kept whole", async () => {
    const { written, log } = recorder();
    await log("embedding_event", { memoryId: "m1", status: "completed", duration: 3 });
    await log("embedding_event", { memoryId: "m2", status: "failed", error: "model unavailable" });
    expect(written.map((p) => p.body)).toEqual([{ memoryId: "m2", status: "failed", error: "model unavailable" }]);
  });

  test("model-call rows and a run's start are dropped; its end is kept", async () => {
    const { written, log } = recorder();
    await log("useModel:TEXT_LARGE", { prompt: "..." });
    await log("run_event", { runId: "r", status: "started" });
    await log("run_event", { runId: "r", status: "completed" });
    expect(written.map((p) => `${p.type}:${p.body.status}`)).toEqual(["run_event:completed"]);
  });

  test("an evaluator row keeps names and ids, and a long result is cut", async () => {
    const { written, log } = recorder();
    await log("evaluator", {
      evaluator: "REFLECTION",
      runId: "r",
      state: { huge: "x".repeat(10_000) },
      result: "y".repeat(900),
    });
    const body = written[0]?.body ?? {};
    expect(body.evaluator).toBe("REFLECTION");
    expect(body.state).toBeUndefined();
    expect(String(body.result).length).toBeLessThanOrEqual(501);
  });
});

import { describe, expect, test } from "bun:test";
import type { AgentTransport } from "../agent-host";
import { heldTransport } from "./agent-transport";

/** A transport whose agent side the test drives: what it "posts" and when it "exits". */
function drivenTransport() {
  const messageListeners: Array<(m: unknown) => void> = [];
  const exitListeners: Array<(r: string) => void> = [];
  const sent: unknown[] = [];
  let terminated = 0;
  const transport: AgentTransport = {
    kind: "worker",
    send: (m) => void sent.push(m),
    onMessage: (l) => void messageListeners.push(l),
    onExit: (l) => void exitListeners.push(l),
    terminate: async () => void terminated++,
  };
  return {
    transport,
    post: (m: unknown) => {
      for (const l of messageListeners) l(m);
    },
    exit: (r: string) => {
      for (const l of exitListeners) l(r);
    },
    sent,
    terminated: () => terminated,
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("an agent transport started before its manager listens", () => {
  test("what the agent said before anyone listened reaches the first listener, in order, then live", async () => {
    const agent = drivenTransport();
    const held = heldTransport(agent.transport);
    agent.post({ type: "hello" });
    agent.post({ type: "event", n: 1 });
    const got: unknown[] = [];
    held.onMessage((m) => got.push(m));
    expect(got).toEqual([]); // not inside the caller's own wiring
    await tick();
    expect(got).toEqual([{ type: "hello" }, { type: "event", n: 1 }]);
    agent.post({ type: "ready" });
    expect(got).toEqual([{ type: "hello" }, { type: "event", n: 1 }, { type: "ready" }]);
    held.send({ type: "init" } as never);
    expect(agent.sent).toEqual([{ type: "init" }]);
    await held.terminate();
    expect(agent.terminated()).toBe(1);
  });

  test("an agent that exited before it was taken says so, to a listener added later too", async () => {
    const agent = drivenTransport();
    const held = heldTransport(agent.transport);
    expect(held.exited()).toBe(false);
    agent.exit("worker exited with code 70");
    expect(held.exited()).toBe(true);
    const reasons: string[] = [];
    held.onExit((r) => reasons.push(r));
    await tick();
    expect(reasons).toEqual(["worker exited with code 70"]);
  });

  test("an exit after the listener is added arrives once", async () => {
    const agent = drivenTransport();
    const held = heldTransport(agent.transport);
    const reasons: string[] = [];
    held.onExit((r) => reasons.push(r));
    agent.exit("terminated");
    await tick();
    expect(reasons).toEqual(["terminated"]);
  });
});

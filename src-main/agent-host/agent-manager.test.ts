import { describe, expect, test } from "bun:test";
import { conversationsContract } from "../../src-shared/contracts";
import {
  type AgentBootConfig,
  type AgentState,
  type AgentToHost,
  DEFAULT_CHARACTER,
  HOST_PROTOCOL_VERSION,
  type HostToAgent,
  MiladyError,
} from "../../src-shared/protocol";
import { until } from "../../test/support/until";
import { createLogger, LogHub } from "../logging";
import { AgentManager } from "./agent-manager";
import { RestartPolicy } from "./restart-policy";
import type { AgentTransport } from "./transport";

/**
 * FakeAgentTransport — a test double of the agent side of the host protocol,
 * so the state machine can be tested in milliseconds. The real Worker and
 * child-process hosts are covered by src-agent/runtime/agent-lifecycle.test.ts and test/integration/agent-crash.test.ts.
 */
class FakeAgentTransport implements AgentTransport {
  readonly kind = "worker" as const;
  private messageListener: (m: unknown) => void = () => {};
  private exitListeners: Array<(r: string) => void> = [];
  gone = false;
  constructor(private readonly behaviour: { failInit?: boolean; holdChat?: boolean }) {
    queueMicrotask(() => this.reply({ type: "hello", protocolVersion: HOST_PROTOCOL_VERSION, pid: 1 }));
  }
  reply(message: AgentToHost) {
    this.messageListener(message);
  }
  send(message: HostToAgent) {
    queueMicrotask(() => {
      if (message.type === "init") {
        if (this.behaviour.failInit) {
          this.reply({ type: "init_failed", error: { code: "no_model", message: "bad model", fix: "fix it" } });
          return;
        }
        this.reply({
          type: "ready",
          agentId: "a1",
          model: { provider: "scripted", loaded: true },
          canReply: true,
          plugins: [],
          db: { kind: "pglite", location: "/tmp/x" },
        });
        return;
      }
      const call = `${message.channel}.${message.method}`;
      if (call === "conversations.send" && !this.behaviour.holdChat) {
        const { conversationId } = message.params as { conversationId: string };
        const payload = { requestId: message.id, delta: "hi" };
        this.reply({ type: "event", channel: "conversations", name: "token", payload });
        const m = { id: "m", conversationId, role: "agent" as const, text: "hi", createdAt: 1 };
        this.reply({
          type: "response",
          id: message.id,
          ok: true,
          result: { userMessage: { ...m, role: "user" }, reply: m },
        });
      } else if (call === "agent.shutdown") {
        this.reply({ type: "response", id: message.id, ok: true, result: { ok: true } });
        this.crash("shutdown");
      } else if (call === "agent.pause" || call === "agent.resume") {
        this.reply({ type: "response", id: message.id, ok: true, result: { ok: true } });
      }
    });
  }
  onMessage(listener: (m: unknown) => void) {
    this.messageListener = listener;
  }
  onExit(listener: (r: string) => void) {
    this.exitListeners.push(listener);
  }
  crash(reason = "boom") {
    if (this.gone) return;
    this.gone = true;
    for (const l of this.exitListeners) l(reason);
  }
  async terminate() {
    this.crash("terminated");
  }
}

const boot: AgentBootConfig = {
  stateDir: "/tmp",
  agentId: "c2c534a3-502f-0b7a-a4ce-111e485c720e",
  dataDir: "/tmp/db",
  modelsDir: "/tmp/models",
  character: DEFAULT_CHARACTER,
  provider: "scripted",
  local: { threads: 1, contextSize: 512, maxTokens: 64, idleUnloadSeconds: 0, temperature: 0 },
  secrets: {},
  logLevel: "error",
  plugins: { plugins: [], settings: {} },
};

function makeManager(
  behaviour: { failInit?: boolean; holdChat?: boolean } = {},
  baseMs = 20,
  configGeneration?: () => number,
) {
  const transports: FakeAgentTransport[] = [];
  const states: AgentState[] = [];
  const manager = new AgentManager({
    version: "test",
    logger: createLogger(new LogHub("error"), "test"),
    prepareBoot: async () => boot,
    createTransport: () => {
      const t = new FakeAgentTransport(behaviour);
      transports.push(t);
      return t;
    },
    hostKind: () => "worker",
    agentName: () => "Milady",
    replyTimeoutMs: () => 2000,
    restartPolicy: new RestartPolicy(baseMs, 200, 60_000),
    configGeneration,
  });
  manager.onStatus((s) => states.push(s.state));
  return { manager, transports, states };
}

const chat = { conversationId: "c1", text: "hello" };

describe("AgentManager state machine", () => {
  test("start -> running, with status events on each transition", async () => {
    const { manager, states } = makeManager();
    expect(manager.status().state).toBe("not_started");
    await manager.start();
    expect(manager.status().state).toBe("running");
    expect(states).toEqual(["starting", "running"]);
    const tokens: string[] = [];
    const result = await manager.call(conversationsContract, "send", chat, { onToken: (d) => tokens.push(d) });
    expect(result.reply.text).toBe("hi");
    expect(tokens).toEqual(["hi"]);
  });

  test("pause rejects chat with agent_paused; resume allows it again", async () => {
    const { manager } = makeManager();
    await manager.start();
    await manager.pause();
    await expect(manager.call(conversationsContract, "send", chat)).rejects.toMatchObject({ code: "agent_paused" });
    await manager.resume();
    await expect(manager.call(conversationsContract, "send", chat)).resolves.toBeDefined();
  });

  test("a crash fails in-flight requests, goes to error, and restarts with backoff", async () => {
    const { manager, transports, states } = makeManager({ holdChat: true });
    await manager.start();
    const inFlight = manager.call(conversationsContract, "send", chat);
    await Bun.sleep(5);
    transports[0].crash("native abort");
    await expect(inFlight).rejects.toMatchObject({ code: "agent_crashed" });
    expect(manager.status().state).toBe("error");
    expect(manager.status().nextRestartAt).toBeGreaterThan(Date.now() - 1);
    // A request made while a restart is scheduled waits for it instead of failing.
    const waiting = manager.call(conversationsContract, "list", {}).catch((e) => e);
    // The restart comes after the backoff timer (20-40 ms): waited for, since a loaded machine fires it late.
    await until(() => manager.status().state === "running", 10_000, "the restart");
    expect(manager.status().restarts).toBe(1);
    expect(transports.length).toBe(2);
    expect(states).toContain("restarting");
    transports[1].reply({ type: "response", id: "nope", ok: true, result: {} });
    await manager.stop();
    expect(await waiting).toBeInstanceOf(MiladyError);
  });

  test("init failure goes to error without a restart loop and keeps the reason", async () => {
    const { manager, transports } = makeManager({ failInit: true });
    await manager.start();
    expect(manager.status().state).toBe("error");
    expect(manager.status().lastError?.message).toBe("bad model");
    await Bun.sleep(80);
    expect(transports.length).toBe(1);
    await expect(manager.call(conversationsContract, "send", chat)).rejects.toMatchObject({
      code: "agent_not_running",
    });
  });

  test("stop ends the session; requests then fail with agent_not_running and a fix", async () => {
    const { manager, transports } = makeManager();
    await manager.start();
    await manager.stop();
    expect(manager.status().state).toBe("stopped");
    expect(transports[0].gone).toBe(true);
    const error = (await manager.call(conversationsContract, "send", chat).catch((e) => e)) as MiladyError;
    expect(error.code).toBe("agent_not_running");
    expect(error.fix).toContain("start");
    await manager.start();
    expect(manager.status().state).toBe("running");
    expect(transports.length).toBe(2);
  });

  test("a config change saved while running is pending until a restart applies it", async () => {
    let generation = 0;
    const { manager } = makeManager({}, 20, () => generation);
    expect(manager.status().restartPending).toBe(false);
    await manager.start();
    expect(manager.status().restartPending).toBe(false);
    generation = 1; // e.g. a new model saved in the dashboard
    expect(manager.status().restartPending).toBe(true);
    const announced: boolean[] = [];
    manager.onStatus((s) => announced.push(s.restartPending));
    manager.announce();
    expect(announced).toEqual([true]);
    await manager.restart();
    expect(manager.status().restartPending).toBe(false);
    generation = 2;
    await manager.stop();
    // A stopped agent reads the new config when it starts: nothing is pending.
    expect(manager.status().restartPending).toBe(false);
  });

  test("restart makes a fresh transport", async () => {
    const { manager, transports, states } = makeManager();
    await manager.start();
    await manager.restart();
    expect(transports.length).toBe(2);
    expect(manager.status().state).toBe("running");
    expect(states).toEqual(["starting", "running", "restarting", "starting", "running"]);
  });
});

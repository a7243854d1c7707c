import { agentContract } from "../../src-shared/contracts";
import {
  type AgentBootConfig,
  type AgentToHost,
  HOST_PROTOCOL_VERSION,
  type HostRequestMessage,
  hostToAgentSchema,
  MiladyError,
  type WireError,
} from "../../src-shared/protocol";
import type { AgentHandle } from "../runtime";
import { databaseFailure, safeErrorText } from "../runtime/db-errors";
import { DbHealth } from "../runtime/db-health";
import { describeStartFailure } from "../runtime/start-errors";
import { eventEmitter } from "../runtime/types";
import { createIdleGc } from "./idle-gc";
import { LogForwarder } from "./log-forwarder";

/** The two ways main runs the agent: a Bun Worker or a child process with IPC. */
export interface HostTransport {
  kind: "worker" | "process";
  post(msg: AgentToHost): void;
  onMessage(fn: (msg: unknown) => void): void;
  /** Ends this agent (after the shutdown was answered). */
  exit(code: number): void;
}

/*
 * Agent side of the host protocol.
 *
 *   waiting ──init──▶ booting ──ok──▶ running ⇄ paused (pause/resume)
 *                        │                │
 *                     failed      agent.shutdown
 *                        ▼                ▼
 *                  (init_failed)  stopping ──▶ stopped (answered, then exit)
 */
type Phase = "waiting" | "booting" | "running" | "failed" | "stopping" | "stopped";

export function runHostLoop(transport: HostTransport): void {
  const emit = eventEmitter((m) => transport.post(m));
  const log = new LogForwarder(emit);
  const dbHealth = new DbHealth(emit);
  let phase: Phase = "waiting";
  let paused = false;
  let agent: AgentHandle | undefined;
  const inflight = new Set<Promise<unknown>>();
  const idleGc = createIdleGc();

  const crash = (): never => {
    // The hard way: no shutdown, no flush. A Worker's process.exit ends only the worker
    // (main sees `close`); a child process is SIGKILLed (main sees the exit signal).
    if (transport.kind === "worker") process.exit(70);
    process.kill(process.pid, "SIGKILL");
    throw new Error("unreachable: the agent should be dead");
  };

  process.on("unhandledRejection", (reason) => {
    log.error("agent", `unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`);
  });

  async function init(protocolVersion: number, boot: AgentBootConfig): Promise<void> {
    if (phase !== "waiting") {
      log.warn("host", `ignored a second init (phase ${phase})`);
      return;
    }
    if (protocolVersion !== HOST_PROTOCOL_VERSION) {
      phase = "failed";
      transport.post({
        type: "init_failed",
        error: {
          code: "bad_request",
          message: `protocol mismatch: main speaks version ${protocolVersion}, this agent speaks ${HOST_PROTOCOL_VERSION}`,
          fix: "Reinstall Milady: the main process and the agent come from different builds.",
        },
      });
      return;
    }
    phase = "booting";
    log.level = boot.logLevel;
    // elizaOS reads LOG_LEVEL once, when @elizaos/core is first imported; keep its own console quiet.
    process.env.LOG_LEVEL = boot.logLevel === "debug" ? "debug" : "error";
    try {
      const started = Date.now();
      // PGlite opens its folder (and compiles its wasm, pglite-wasm.ts) while elizaOS is imported
      // (pglite-start.ts, prepareOnPglite). Not for PostgreSQL: it would compile ~9 MB of wasm for nothing.
      const opening = boot.postgresUrl
        ? undefined
        : import("../runtime/pglite-start").then((m) => m.prepareOnPglite(boot, log));
      opening?.catch(() => {}); // startAgent awaits it and reports its failure
      const { startAgent } = await import("../runtime");
      agent = await startAgent(boot, { log, emit, paused: () => paused, dbHealth, crash }, opening);
      if ((phase as Phase) === "stopping") return; // shutdown arrived while booting
      phase = "running";
      log.info("agent", `agent ${boot.character.name} ready in ${Date.now() - started} ms (${agent.db.kind})`);
      transport.post({
        type: "ready",
        agentId: agent.agentId,
        model: agent.model,
        canReply: agent.canReply,
        ...(agent.reason ? { reason: agent.reason } : {}),
        plugins: agent.plugins,
        db: agent.db,
      });
      idleGc.afterStart();
    } catch (err) {
      phase = "failed";
      const failure = describeStartFailure(err, boot);
      // The cause without the failed statement; the stack's frames (not its message) for a debugger.
      log.error("agent", failure.message);
      if (err instanceof Error && err.stack) log.debug("agent", `at: ${err.stack.split("\n").slice(1, 8).join(" | ")}`);
      transport.post({ type: "init_failed", error: failure });
    }
  }

  /** Finishes what is in flight (bounded: a stuck model must not block the stop for long), then closes the DB. */
  async function shutdown(): Promise<void> {
    if (phase === "stopping" || phase === "stopped") return;
    const wasBooting = phase === "booting";
    phase = "stopping";
    // Main's server already gave replies their drain; this only lets a write finish before the DB closes.
    await Promise.race([Promise.allSettled([...inflight]), new Promise((r) => setTimeout(r, 1000))]);
    try {
      await agent?.stop();
    } catch (err) {
      log.warn("agent", `stop: ${(err as Error).message}`);
    }
    if (wasBooting) log.warn("agent", "shutdown during start: the agent stopped before it was ready");
    phase = "stopped";
  }

  /** The agent channel is the host's own: pause and shutdown change this loop, not a module. */
  async function lifecycle(method: string): Promise<{ ok: true }> {
    if (!(method in agentContract.channel))
      throw new MiladyError("bad_request", `the agent has no method agent.${method}`);
    if (method === "pause" || method === "resume") {
      paused = method === "pause";
      log.info("agent", paused ? "paused" : "resumed");
    } else await shutdown();
    return { ok: true };
  }

  function answer(id: string, work: Promise<unknown>, what: string): Promise<void> {
    return work.then(
      (result) => transport.post({ type: "response", id, ok: true, result }),
      (err) => transport.post({ type: "response", id, ok: false, error: failure(err, what) }),
    );
  }

  /** What a failed request answers: its own error, a database failure (also shown in the status), or `internal`; never SQL. */
  function failure(err: unknown, what: string): WireError {
    if (err instanceof MiladyError) return err.toWire();
    const db = databaseFailure(err);
    if (db) {
      dbHealth.failed(db, err);
      log.warn("db", `${what} failed: ${db.message}`);
      return db;
    }
    log.error("agent", `${what} failed: ${safeErrorText(err)}`);
    return { code: "internal", message: `${what} failed: ${safeErrorText(err)}` };
  }

  function request(msg: HostRequestMessage): void {
    const what = `${msg.channel}.${msg.method}`;
    if (msg.channel === agentContract.name) {
      // Exit only after the answer is on its way: main waits for it before it terminates us.
      void answer(msg.id, lifecycle(msg.method), what).then(() => {
        if (phase === "stopped") transport.exit(0);
      });
      return;
    }
    const notReady =
      phase === "waiting" || phase === "booting"
        ? new MiladyError("agent_starting", "the agent is still starting", "Wait a moment and try again.")
        : phase !== "running" || !agent
          ? new MiladyError("agent_not_running", "the agent is not running", "Start the agent first.")
          : undefined;
    if (notReady) {
      transport.post({ type: "response", id: msg.id, ok: false, error: notReady.toWire() });
      return;
    }
    idleGc.begin();
    const p = answer(msg.id, agent!.dispatch(msg.channel, msg.method, msg.params, { requestId: msg.id }), what);
    inflight.add(p);
    p.finally(() => {
      inflight.delete(p);
      idleGc.end();
    });
  }

  transport.onMessage((raw) => {
    const parsed = hostToAgentSchema.safeParse(raw);
    if (!parsed.success) {
      const id = (raw as { id?: unknown } | null)?.id;
      const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
      log.warn("host", `invalid message from main: ${detail}`);
      if (typeof id === "string") {
        transport.post({
          type: "response",
          id,
          ok: false,
          error: { code: "validation_failed", message: `invalid request: ${detail}` },
        });
      }
      return;
    }
    const msg = parsed.data;
    if (msg.type === "init") void init(msg.protocolVersion, msg.boot);
    else request(msg);
  });

  transport.post({ type: "hello", protocolVersion: HOST_PROTOCOL_VERSION, pid: process.pid });
}

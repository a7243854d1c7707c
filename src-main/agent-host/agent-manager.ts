import {
  agentContract,
  type Capability,
  CONTRACTS,
  type EventPayload,
  type MethodParams,
  type MethodResult,
  modelsContract,
} from "../../src-shared/contracts";
import { newId } from "../../src-shared/ids";
import {
  type AgentBootConfig,
  type AgentEventMessage,
  type AgentState,
  type AgentToHost,
  agentToHostSchema,
  type DbInfo,
  HOST_PROTOCOL_VERSION,
  isDbUnreachable,
  MiladyError,
  type StatusSnapshot,
  type WireError,
} from "../../src-shared/protocol";
import type { Logger } from "../logging";
import { type NoticeBoard, noticeFromRecovery } from "../notices";
import { AgentEvents } from "./agent-events";
import { PendingRequests } from "./pending-requests";
import { RestartPolicy } from "./restart-policy";
import type { AgentTransport } from "./transport";
import type { AgentController, ChannelMethod, RequestOptions } from "./types";
import { toWire } from "./wire-error";

export interface AgentManagerOptions {
  version: string;
  logger: Logger;
  /** Resolves the boot config for the next start (may download a model first). */
  prepareBoot: () => Promise<AgentBootConfig>;
  /** Makes a fresh worker or child process for this boot (which says, e.g., whether it opens PGlite). */
  createTransport: (boot: AgentBootConfig) => AgentTransport;
  hostKind: () => "worker" | "process";
  agentName: () => string;
  replyTimeoutMs: () => number;
  /** Migrations on a fresh DB plus a model load can take a while on 2 cores. */
  readyTimeoutMs?: number;
  /** The config's restart generation (ConfigStore.restartGeneration): newer than at boot = a restart is pending. */
  configGeneration?: () => number;
  shutdownTimeoutMs?: number;
  restartPolicy?: RestartPolicy;
  /** Where what the agent did to its database at start (repairs, a replacement) is kept until acknowledged. */
  notices?: NoticeBoard;
}

type Session = { transport: AgentTransport; generation: number; stopping: boolean };

/**
 * Owns the agent's lifecycle; the main process is authoritative for agent state.
 * Emits `status` on every transition (see the diagram in src-shared/protocol/agent-state.ts).
 */
export class AgentManager implements AgentController {
  private readonly events = new AgentEvents();
  private state: AgentState = "not_started";
  private snapshot: Omit<StatusSnapshot, "state" | "agentName" | "host" | "version" | "restartPending" | "notices">;
  private session: Session | null = null;
  private generation = 0;
  private readonly pending = new PendingRequests();
  private readonly policy: RestartPolicy;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private stableTimer: ReturnType<typeof setTimeout> | null = null;
  private readyWaiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  private lifecycle: Promise<void> = Promise.resolve();
  /** The config generation the running agent was booted with. */
  private bootGeneration = 0;

  constructor(private readonly options: AgentManagerOptions) {
    this.policy = options.restartPolicy ?? new RestartPolicy();
    this.snapshot = { model: { provider: "none", loaded: false }, canReply: false, restarts: 0, plugins: [] };
    // An acknowledged notice leaves every dashboard at once.
    options.notices?.onChange(() => this.emitStatus());
  }

  onStatus(listener: (status: StatusSnapshot) => void): () => void {
    return this.events.onStatus(listener);
  }

  onEvent<C extends Capability, E extends keyof C["events"] & string>(
    contract: C,
    name: E,
    listener: (payload: EventPayload<C, E>) => void,
  ): () => void {
    return this.events.onEvent(contract, name, listener);
  }

  status(): StatusSnapshot {
    const live = this.state === "running" || this.state === "paused";
    // While the database fails, a message would fail too: say so, with the database's own fix.
    const dbProblem = this.snapshot.db?.health === "degraded" ? this.snapshot.db.problem : undefined;
    return {
      ...this.snapshot,
      ...(dbProblem ? { canReply: false, reason: dbProblem } : {}),
      restartPending: live && (this.options.configGeneration?.() ?? 0) > this.bootGeneration,
      notices: this.options.notices?.pending() ?? [],
      state: this.state,
      agentName: this.options.agentName(),
      host: this.session?.transport.kind ?? this.options.hostKind(),
      version: this.options.version,
    };
  }

  // Lifecycle calls are serialised so a stop during a start cannot interleave.
  private serial(task: () => Promise<void>): Promise<void> {
    const run = this.lifecycle.then(task, task);
    this.lifecycle = run.catch(() => undefined);
    return run;
  }

  start(): Promise<void> {
    return this.serial(async () => {
      if (this.session && this.state !== "error") return;
      this.clearRestartTimer();
      await this.launch("starting");
    });
  }

  /**
   * Stops at once, even in the middle of a start (a slow model load must not
   * hold SIGTERM past its 5 s budget): the generation bump makes the launch in
   * progress give up, and the session is shut down without waiting in line.
   */
  async stop(): Promise<void> {
    this.generation += 1;
    this.clearRestartTimer();
    for (const waiter of this.readyWaiters.splice(0)) {
      waiter.reject(new MiladyError("agent_not_running", "The agent was stopped.", "Start it again."));
    }
    await this.shutdownSession("The agent was stopped.");
    this.setState("stopped");
    // A start queued before this stop may still run after it; stop wins.
    await this.lifecycle;
    if (this.session) await this.shutdownSession("The agent was stopped.");
    this.setState("stopped");
  }

  restart(): Promise<void> {
    return this.serial(async () => {
      this.clearRestartTimer();
      this.setState("restarting");
      await this.shutdownSession("The agent is restarting.");
      await this.launch("restarting");
    });
  }

  /**
   * A restart the agent asked for (its RESTART action): the reply that announced it is still on
   * its way to the caller, so wait for the answers in flight (bounded), then restart.
   */
  private async restartWhenIdle(maxWaitMs = 15_000): Promise<void> {
    const deadline = Date.now() + maxWaitMs;
    while (this.pending.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (this.state !== "running" && this.state !== "paused") return;
    await this.restart().catch((error) =>
      this.options.logger.warn(`the restart the agent asked for failed: ${(error as Error).message}`),
    );
  }

  pause(): Promise<void> {
    return this.serial(async () => {
      if (this.state !== "running") throw new MiladyError("conflict", `Cannot pause: the agent is ${this.state}.`);
      this.notify(agentContract, "pause");
      this.setState("paused");
    });
  }

  resume(): Promise<void> {
    return this.serial(async () => {
      if (this.state !== "paused") throw new MiladyError("conflict", `Cannot resume: the agent is ${this.state}.`);
      this.notify(agentContract, "resume");
      this.setState("running");
    });
  }

  async call<C extends Capability, M extends ChannelMethod<C>>(
    contract: C,
    method: M,
    params: MethodParams<C["channel"][M]>,
    options: RequestOptions = {},
  ): Promise<MethodResult<C["channel"][M]>> {
    const timeoutMs = options.timeoutMs ?? this.options.replyTimeoutMs();
    await this.ensureRunning(options.waitForReady ?? true, timeoutMs);
    // The agent may have crashed between "running" and here; wait for the restart once more.
    if (!this.session) await this.ensureRunning(options.waitForReady ?? true, timeoutMs);
    const session = this.session;
    if (!session) throw this.notRunningError();
    return this.send(session, contract, method, params, timeoutMs, options.onToken) as Promise<
      MethodResult<C["channel"][M]>
    >;
  }

  private send(
    session: Session,
    contract: Capability,
    method: string,
    params: unknown,
    timeoutMs: number,
    onToken?: (delta: string) => void,
  ): Promise<unknown> {
    const id = newId();
    const spec = contract.channel[method];
    if (!spec) return Promise.reject(new MiladyError("internal", `no method ${contract.name}.${method}`));
    const answer = this.pending.add(id, `${contract.name}.${method}`, spec.result, timeoutMs, onToken);
    session.transport.send({ type: "request", id, channel: contract.name, method, params });
    return answer;
  }

  /** A lifecycle message whose answer nobody waits for (pause, resume). */
  private notify(contract: Capability, method: string): void {
    const session = this.session;
    if (session) this.send(session, contract, method, {}, 10_000).catch(() => undefined);
  }

  private async ensureRunning(wait: boolean, timeoutMs: number): Promise<void> {
    if (this.state === "running") return;
    if (this.state === "paused") {
      throw new MiladyError(
        "agent_paused",
        "The agent is paused.",
        "Press Resume at the top of the dashboard (or POST /api/agent/resume).",
      );
    }
    const coming = this.state === "starting" || this.state === "restarting" || this.restartTimer !== null;
    if (!coming) throw this.notRunningError();
    if (!wait) throw new MiladyError("agent_starting", "The agent is starting; try again in a moment.");
    await new Promise<void>((resolve, reject) => {
      const waiter = { resolve, reject };
      const timer = setTimeout(() => {
        this.readyWaiters = this.readyWaiters.filter((w) => w !== waiter);
        reject(
          new MiladyError("timeout", "The agent did not become ready in time.", "Check `milady doctor` and the logs."),
        );
      }, timeoutMs);
      this.readyWaiters.push({
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  private notRunningError(): MiladyError {
    const why = this.snapshot.lastError ? ` Last error: ${this.snapshot.lastError.message}` : "";
    return new MiladyError(
      "agent_not_running",
      `The agent is ${this.state.replace("_", " ")}.${why}`,
      "Start it with POST /api/agent/start or the Start button.",
    );
  }

  private async launch(from: "starting" | "restarting"): Promise<void> {
    const generation = ++this.generation;
    // An automatic restart shows "restarting" once (clients see why), then the start itself.
    if (from === "restarting") this.setState("restarting");
    this.setState("starting");
    let boot: AgentBootConfig;
    // Read before the config is: a change saved while booting still counts as pending.
    const generation0 = this.options.configGeneration?.() ?? 0;
    try {
      boot = await this.options.prepareBoot();
    } catch (error) {
      if (generation === this.generation) this.fail(toWire(error), false);
      return;
    }
    if (generation !== this.generation) return; // stopped while preparing
    this.bootGeneration = generation0;
    const transport = this.options.createTransport(boot);
    const session: Session = { transport, generation, stopping: false };
    this.session = session;
    this.snapshot = { ...this.snapshot, lastError: undefined, reason: undefined, nextRestartAt: undefined };
    const ready = new Promise<void>((resolve, reject) => {
      transport.onMessage((raw) => this.onMessage(session, raw, boot, resolve, reject));
      transport.onExit((reason) => {
        reject(new MiladyError("agent_crashed", reason));
        this.onExit(session, reason);
      });
    });
    const timeout = this.options.readyTimeoutMs ?? 180_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        ready,
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new MiladyError("timeout", `The agent did not start within ${timeout / 1000} s.`)),
            timeout,
          );
        }),
      ]);
    } catch (error) {
      if (this.session === session && this.state !== "error") {
        session.stopping = true;
        await transport.terminate();
        this.session = null;
        // A PostgreSQL server that is not up yet (a reboot, compose starting both) is retried with
        // the crash backoff; every other start failure waits for the user's fix.
        const failure = toWire(error);
        this.fail(failure, isDbUnreachable(failure));
      }
    } finally {
      clearTimeout(timer);
    }
  }

  private onMessage(
    session: Session,
    raw: unknown,
    boot: AgentBootConfig,
    ready: () => void,
    failed: (e: Error) => void,
  ): void {
    if (session !== this.session) return;
    const parsed = agentToHostSchema.safeParse(raw);
    if (!parsed.success) {
      this.options.logger.warn(`ignored a malformed message from the agent (${parsed.error.issues[0]?.message})`);
      return;
    }
    const message: AgentToHost = parsed.data;
    switch (message.type) {
      case "hello":
        if (message.protocolVersion !== HOST_PROTOCOL_VERSION) {
          failed(new MiladyError("internal", `Agent protocol ${message.protocolVersion} != ${HOST_PROTOCOL_VERSION}`));
          return;
        }
        session.transport.send({ type: "init", protocolVersion: HOST_PROTOCOL_VERSION, boot });
        return;
      case "ready":
        this.snapshot = {
          ...this.snapshot,
          agentId: message.agentId,
          model: message.model,
          canReply: message.canReply,
          reason: message.reason,
          db: message.db,
          plugins: message.plugins,
          startedAt: Date.now(),
        };
        this.recordRecoveries(message.db);
        this.setState("running");
        this.armStableTimer();
        for (const waiter of this.readyWaiters.splice(0)) waiter.resolve();
        ready();
        return;
      case "init_failed":
        failed(new MiladyError(message.error.code, message.error.message, message.error.fix));
        return;
      case "response":
        this.pending.settle(
          message.id,
          message.ok ? { ok: true, result: message.result } : { ok: false, error: message.error },
        );
        return;
      case "event":
        this.onAgentEvent(message);
        return;
    }
  }

  /** What the agent did to its database at this start: logged, and kept as notices until the user acknowledges them. */
  private recordRecoveries(db: DbInfo): void {
    for (const recovery of db.recoveries ?? []) {
      const where = recovery.backup ? ` The untouched copy is at ${recovery.backup}.` : "";
      this.options.logger.warn(`${recovery.message}${where}`);
      this.options.notices?.add(noticeFromRecovery(recovery));
    }
    if (db.recoveredBackup && !db.recoveries?.length) {
      this.options.logger.warn(`the database was damaged; the old data was kept at ${db.recoveredBackup}`);
    }
  }

  /** Checks an event against its capability's contract, then hands it to subscribers. */
  private onAgentEvent({ channel, name, payload }: AgentEventMessage): void {
    const schema = (CONTRACTS as Record<string, Capability>)[channel]?.events[name];
    const parsed = schema?.safeParse(payload);
    if (!parsed?.success) {
      this.options.logger.warn(`ignored an unknown or malformed agent event ${channel}.${name}`);
      return;
    }
    const value = parsed.data as { requestId?: unknown; delta?: unknown };
    // A method's streamed text reaches the caller that asked for it.
    if (name === "token" && typeof value.requestId === "string" && typeof value.delta === "string") {
      this.pending.token(value.requestId, value.delta);
    }
    if (channel === agentContract.name && name === "db_status") {
      const { health, problem } = parsed.data as EventPayload<typeof agentContract, "db_status">;
      if (this.snapshot.db) this.snapshot = { ...this.snapshot, db: { ...this.snapshot.db, health, problem } };
      this.options.logger[health === "ok" ? "info" : "warn"](
        health === "ok" ? "the database works again" : `the database is degraded: ${problem?.message ?? "unknown"}`,
      );
      this.emitStatus();
    }
    if (channel === agentContract.name && name === "restart_requested") {
      const { reason } = parsed.data as EventPayload<typeof agentContract, "restart_requested">;
      this.options.logger.info(`the agent asked for a restart: ${reason}`);
      void this.restartWhenIdle();
    }
    if (channel === modelsContract.name && name === "model_status") {
      this.snapshot = {
        ...this.snapshot,
        model: (parsed.data as EventPayload<typeof modelsContract, "model_status">).model,
      };
      this.emitStatus();
    }
    this.events.emitEvent(channel, name, parsed.data);
  }

  private onExit(session: Session, reason: string): void {
    if (session !== this.session || session.stopping) return;
    this.session = null;
    this.options.logger.error(`agent crashed: ${reason}`);
    this.pending.failAll(
      new MiladyError(
        "agent_crashed",
        "The agent crashed while answering; it is restarting.",
        "Send the message again in a moment.",
      ),
    );
    this.fail({ code: "agent_crashed", message: `The agent stopped unexpectedly (${reason}).` }, true);
  }

  private fail(error: WireError, autoRestart: boolean): void {
    this.clearStableTimer();
    this.snapshot = { ...this.snapshot, lastError: error, canReply: false, reason: error };
    if (autoRestart) {
      const delay = this.policy.nextDelay();
      this.snapshot.nextRestartAt = Date.now() + delay;
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        this.snapshot = { ...this.snapshot, restarts: this.snapshot.restarts + 1 };
        void this.serial(() => this.launch("restarting"));
      }, delay);
      this.options.logger.warn(`restarting the agent in ${delay / 1000} s`);
    } else {
      this.options.logger.error(`agent failed to start: ${error.message}${error.fix ? ` — ${error.fix}` : ""}`);
      for (const waiter of this.readyWaiters.splice(0))
        waiter.reject(new MiladyError(error.code, error.message, error.fix));
    }
    this.setState("error");
  }

  private async shutdownSession(reason: string): Promise<void> {
    const session = this.session;
    if (!session) return;
    session.stopping = true;
    this.clearStableTimer();
    // After the server's drain (2.5 s) there is ~2 s left of the 5 s a shutdown may take.
    const timeout = this.options.shutdownTimeoutMs ?? 1500;
    const exited = new Promise<void>((resolve) => session.transport.onExit(() => resolve()));
    const stopped = this.send(session, agentContract, "shutdown", {}, timeout).catch(() => undefined);
    await Promise.race([stopped, exited, Bun.sleep(timeout)]);
    await session.transport.terminate();
    this.session = null;
    this.pending.failAll(new MiladyError("agent_not_running", reason, "Start the agent and send the message again."));
    this.snapshot = { ...this.snapshot, canReply: false, model: { ...this.snapshot.model, loaded: false } };
  }

  private armStableTimer(): void {
    this.clearStableTimer();
    this.stableTimer = setTimeout(() => this.policy.reset(), this.policy.stableMs);
  }

  private clearStableTimer(): void {
    if (this.stableTimer) clearTimeout(this.stableTimer);
    this.stableTimer = null;
  }

  private clearRestartTimer(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    this.snapshot.nextRestartAt = undefined;
  }

  private setState(next: AgentState): void {
    if (this.state === next) return;
    this.state = next;
    this.emitStatus();
  }

  /** Tells subscribers the status again (after a config change may have made a restart pending). */
  announce(): void {
    this.emitStatus();
  }

  private emitStatus(): void {
    this.events.emitStatus(this.status());
  }
}

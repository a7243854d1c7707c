import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  agentContract,
  type Capability,
  type EventPayload,
  type MethodParams,
  type MethodResult,
} from "../../src-shared/contracts";
import {
  type AgentBootConfig,
  type AgentEventMessage,
  type AgentToHost,
  agentToHostSchema,
  DEFAULT_CHARACTER,
  HOST_PROTOCOL_VERSION,
  type HostToAgent,
} from "../../src-shared/protocol";
import { MILADY_AGENT_ID } from "../runtime/character-map";

type Method<C extends Capability> = keyof C["channel"] & string;
type Event<C extends Capability> = keyof C["events"] & string;

/** Test-side driver of a real agent entry (Worker or child process) speaking the host protocol. */
export class AgentClient {
  readonly messages: AgentToHost[] = [];
  private waiters: Array<{ pred: (m: AgentToHost) => boolean; resolve: (m: AgentToHost) => void }> = [];
  private seq = 0;
  exited: Promise<number | null>;
  private sendRaw: (m: unknown) => void;
  private kill: () => void;

  constructor(readonly kind: "worker" | "process") {
    const onMsg = (raw: unknown) => {
      const m = agentToHostSchema.parse(raw);
      this.messages.push(m);
      for (const w of [...this.waiters]) {
        if (w.pred(m)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    };
    if (kind === "worker") {
      const w = new Worker(new URL("../worker.ts", import.meta.url).href);
      w.onmessage = (e) => onMsg(e.data);
      this.exited = new Promise((res) =>
        w.addEventListener("close", (e) => res((e as unknown as { code: number }).code)),
      );
      this.sendRaw = (m) => w.postMessage(m);
      this.kill = () => w.terminate();
    } else {
      const p = Bun.spawn([process.execPath, new URL("../process-entry.ts", import.meta.url).pathname], {
        ipc: (m) => onMsg(m),
        stdio: ["ignore", "inherit", "inherit"],
        serialization: "json",
      });
      this.exited = p.exited.then(() => p.exitCode ?? (p.signalCode ? -1 : null));
      this.sendRaw = (m) => p.send(m);
      this.kill = () => p.kill();
    }
  }

  send(m: HostToAgent | Record<string, unknown>): void {
    this.sendRaw(m);
  }

  waitFor<T extends AgentToHost["type"]>(
    type: T,
    pred: (m: Extract<AgentToHost, { type: T }>) => boolean = () => true,
    timeoutMs = 15_000,
  ): Promise<Extract<AgentToHost, { type: T }>> {
    const seen = this.messages.find((m) => m.type === type && pred(m as Extract<AgentToHost, { type: T }>));
    if (seen) return Promise.resolve(seen as Extract<AgentToHost, { type: T }>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${type}`)), timeoutMs);
      this.waiters.push({
        pred: (m) => m.type === type && pred(m as Extract<AgentToHost, { type: T }>),
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as Extract<AgentToHost, { type: T }>);
        },
      });
    });
  }

  /** Sends `channel.method` and resolves with its response message (ok or not). */
  async request<C extends Capability, M extends Method<C>>(
    contract: C,
    method: M,
    params: MethodParams<C["channel"][M]> | Record<string, unknown>,
    timeoutMs = 15_000,
  ) {
    const id = `r${++this.seq}`;
    this.send({ type: "request", id, channel: contract.name, method, params });
    const res = await this.waitFor("response", (m) => m.id === id, timeoutMs);
    return { id, res };
  }

  async ok<C extends Capability, M extends Method<C>>(
    contract: C,
    method: M,
    params: MethodParams<C["channel"][M]>,
    timeoutMs?: number,
  ): Promise<MethodResult<C["channel"][M]>> {
    const { res } = await this.request(contract, method, params, timeoutMs);
    if (!res.ok) throw new Error(`${contract.name}.${method} failed: ${res.error.code} ${res.error.message}`);
    return contract.channel[method]!.result.parse(res.result) as MethodResult<C["channel"][M]>;
  }

  /** Payloads of one capability event received so far. */
  events<C extends Capability, E extends Event<C>>(contract: C, name: E): EventPayload<C, E>[] {
    return this.messages
      .filter((m): m is AgentEventMessage => m.type === "event" && m.channel === contract.name && m.name === name)
      .map((m) => m.payload as EventPayload<C, E>);
  }

  async waitForEvent<C extends Capability, E extends Event<C>>(
    contract: C,
    name: E,
    pred: (payload: EventPayload<C, E>) => boolean = () => true,
    timeoutMs = 15_000,
  ): Promise<EventPayload<C, E>> {
    const message = await this.waitFor(
      "event",
      (m) => m.channel === contract.name && m.name === name && pred(m.payload as EventPayload<C, E>),
      timeoutMs,
    );
    return message.payload as EventPayload<C, E>;
  }

  async boot(boot: AgentBootConfig, protocolVersion = HOST_PROTOCOL_VERSION, timeoutMs = 30_000) {
    await this.waitFor("hello");
    this.send({ type: "init", protocolVersion, boot });
    // 30 s: a fresh PGlite migrates in ~5 s alone, far longer on a busy 2-core machine.
    return this.waitFor("ready", undefined, timeoutMs).catch(async (e) => {
      const failed = this.messages.find((m) => m.type === "init_failed");
      throw failed ? new Error(`init_failed: ${JSON.stringify(failed)}`) : e;
    });
  }

  /** Asks for a clean stop (agent.shutdown) and resolves with whether it was answered before the agent left. */
  async shutdown(): Promise<boolean> {
    const answered = await this.request(agentContract, "shutdown", {}, 10_000)
      .then(({ res }) => res.ok)
      .catch(() => false);
    await Promise.race([this.exited, Bun.sleep(3000)]);
    this.kill();
    return answered;
  }

  terminate(): void {
    this.kill();
  }
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `milady-${prefix}-`));
}

export function scriptedBoot(dir: string, over: Partial<AgentBootConfig> = {}): AgentBootConfig {
  return {
    stateDir: dir,
    agentId: MILADY_AGENT_ID,
    dataDir: join(dir, "db"),
    modelsDir: join(dir, "models"),
    character: DEFAULT_CHARACTER,
    provider: "scripted",
    local: { threads: 1, contextSize: 512, maxTokens: 64, idleUnloadSeconds: 60, temperature: 0 },
    secrets: {},
    logLevel: "warn",
    plugins: { plugins: [], settings: {} },
    ...over,
  };
}

let template: Promise<string> | undefined;

/**
 * A migrated PGlite data dir copied from a template made once per test file: migrating
 * a fresh PGlite costs ~5 s of CPU (minutes on a loaded 2-core box), reopening ~1 s.
 * The template is made by a real agent boot (provider none) and a clean shutdown.
 */
export async function preparedDataDir(stateDir: string): Promise<string> {
  template ??= (async () => {
    const dir = tempDir("template");
    const agent = new AgentClient("worker");
    await agent.boot(scriptedBoot(dir, { provider: "none" }), undefined, 120_000);
    await agent.shutdown();
    return join(dir, "db");
  })();
  const target = join(stateDir, "db");
  cpSync(await template, target, { recursive: true });
  return target;
}

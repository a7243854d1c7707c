import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type AgentBootConfig,
  type AgentToHost,
  agentToHostSchema,
  DEFAULT_CHARACTER,
  HOST_PROTOCOL_VERSION,
  type HostToAgent,
} from "../../src-shared/protocol";

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

  /** Sends a request and resolves with its response message (ok or not). */
  async request(req: Record<string, unknown> & { type: string }, timeoutMs = 15_000) {
    const id = `r${++this.seq}`;
    this.send({ ...req, id } as HostToAgent);
    const res = await this.waitFor("response", (m) => m.id === id, timeoutMs);
    return { id, res };
  }

  async ok<R = unknown>(req: Record<string, unknown> & { type: string }, timeoutMs?: number): Promise<R> {
    const { res } = await this.request(req, timeoutMs);
    if (!res.ok) throw new Error(`${req.type} failed: ${res.error.code} ${res.error.message}`);
    return res.result as R;
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

  async shutdown(): Promise<void> {
    this.send({ type: "shutdown" });
    await this.waitFor("stopped", undefined, 10_000).catch(() => {});
    await Promise.race([this.exited, Bun.sleep(3000)]);
    this.kill();
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
    dataDir: join(dir, "db"),
    modelsDir: join(dir, "models"),
    character: DEFAULT_CHARACTER,
    provider: "scripted",
    local: { threads: 1, contextSize: 512, maxTokens: 64, idleUnloadSeconds: 60, temperature: 0 },
    secrets: {},
    logLevel: "warn",
    disabledPlugins: [],
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

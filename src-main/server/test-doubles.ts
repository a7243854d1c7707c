/**
 * Test doubles for the server tests, named as such:
 * - FakeAgentController: a scripted agent (no elizaOS, no model) with token streaming and in-memory chats.
 * - FakeConfigStore: an in-memory config validated with the real zod schema.
 */
import {
  API_WRITABLE_SECRETS,
  configSchema,
  defaultConfig,
  type MiladyConfig,
  maskSecret,
  SECRET_KEYS,
} from "../../src-shared/config";
import {
  type Character,
  type ChatMessage,
  type ConfigPatch,
  type ConfigView,
  type Conversation,
  type HostRequestType,
  type KnowledgeDocument,
  MiladyError,
  type StatusSnapshot,
} from "../../src-shared/protocol";
import type { AgentController, AgentManagerEvents, RequestOptions } from "../agent-host/types";
import { resolveStatePaths } from "../config/paths";
import type { ConfigStore, StatePaths } from "../config/types";

type Listener = (value: never) => void;

/** FakeAgentController — a test double of the AgentManager: scripted replies, streamed tokens, in-memory chats. */
export class FakeAgentController implements AgentController {
  snapshot: StatusSnapshot = {
    state: "running",
    agentId: "agent-1",
    agentName: "Milady",
    host: "worker",
    model: { provider: "scripted", name: "scripted model (test double)", loaded: true },
    canReply: true,
    restarts: 0,
    plugins: [
      { name: "@elizaos/plugin-sql", status: "loaded" },
      { name: "@elizaos/plugin-bootstrap", status: "loaded" },
    ],
    version: "0.0.0-test",
  };
  /** The reply text for a chat turn; split on spaces into streamed tokens. */
  reply: (text: string) => string = (text) => `You said: ${text}`;
  /** Delay between streamed tokens. */
  tokenDelayMs = 2;
  /** When set, the next request rejects with it. */
  failNext?: unknown;
  readonly requests: { type: string; body: unknown }[] = [];
  readonly conversations = new Map<string, Conversation>();
  readonly messages: ChatMessage[] = [];
  readonly documents: KnowledgeDocument[] = [];
  characterApplied?: Character;
  private readonly listeners = new Map<string, Set<Listener>>();
  private counter = 0;

  status(): StatusSnapshot {
    return structuredClone(this.snapshot);
  }

  private setState(state: StatusSnapshot["state"]): void {
    this.snapshot = { ...this.snapshot, state };
    this.emit("status", this.status());
  }

  async start() {
    this.setState("running");
  }
  async stop() {
    this.setState("stopped");
  }
  async restart() {
    this.setState("restarting");
    this.setState("running");
  }
  async pause() {
    this.setState("paused");
  }
  async resume() {
    this.setState("running");
  }

  on<K extends keyof AgentManagerEvents>(event: K, listener: (value: AgentManagerEvents[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  }

  emit<K extends keyof AgentManagerEvents>(event: K, value: AgentManagerEvents[K]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (v: AgentManagerEvents[K]) => void)(value);
  }

  listenerCount(event: keyof AgentManagerEvents): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  private id(prefix: string): string {
    this.counter += 1;
    return `${prefix}-${this.counter}`;
  }

  // Typed through the interface: TS cannot relate two identical generic signatures over this union.
  request: AgentController["request"] = (async (body: { type: HostRequestType }, options: RequestOptions = {}) => {
    this.requests.push({ type: body.type, body });
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    if (this.snapshot.state !== "running" && this.snapshot.state !== "paused") {
      throw new MiladyError("agent_not_running", "the agent is not running", "start it with POST /api/agent/start");
    }
    return this.handle(body as unknown as Record<string, unknown>, options);
  }) as AgentController["request"];

  private async handle(b: Record<string, unknown>, options: RequestOptions): Promise<unknown> {
    switch (b.type) {
      case "list_conversations":
        return { conversations: [...this.conversations.values()] };
      case "create_conversation": {
        const now = Date.now();
        const conversation = {
          id: this.id("conv"),
          title: (b.title as string) || "New chat",
          createdAt: now,
          updatedAt: now,
        };
        this.conversations.set(conversation.id, conversation);
        return { conversation };
      }
      case "list_messages": {
        const list = this.messages.filter(
          (m) =>
            m.conversationId === b.conversationId && (b.before === undefined || m.createdAt < (b.before as number)),
        );
        return { messages: list.slice(-(b.limit as number)) };
      }
      case "chat":
        return this.chat(b, options);
      case "set_character":
        this.characterApplied = b.character as Character;
        return { ok: true };
      case "knowledge_add": {
        const bytes = Buffer.from(b.dataBase64 as string, "base64").byteLength;
        const document = {
          id: this.id("doc"),
          filename: b.filename as string,
          contentType: b.contentType as string,
          bytes,
          chunks: 1,
          createdAt: Date.now(),
        };
        this.documents.push(document);
        return { document };
      }
      case "knowledge_list":
        return { documents: [...this.documents] };
      case "knowledge_delete": {
        const index = this.documents.findIndex((d) => d.id === b.documentId);
        if (index >= 0) this.documents.splice(index, 1);
        return { deleted: index >= 0 };
      }
      case "knowledge_search":
        return {
          hits: this.documents.map((d) => ({
            documentId: d.id,
            filename: d.filename,
            chunkIndex: 0,
            text: "hit",
            score: 0.5,
          })),
        };
      default:
        throw new MiladyError("bad_request", `FakeAgentController: unsupported request ${String(b.type)}`);
    }
  }

  private async chat(b: Record<string, unknown>, options: RequestOptions) {
    const conversationId = b.conversationId as string;
    const conversation = this.conversations.get(conversationId);
    if (!conversation) throw new MiladyError("not_found", `no conversation ${conversationId}`);
    const userMessage: ChatMessage = {
      id: this.id("msg"),
      conversationId,
      role: "user",
      text: b.text as string,
      createdAt: Date.now(),
      ...(b.clientMessageId ? { clientMessageId: b.clientMessageId as string } : {}),
    };
    this.messages.push(userMessage);
    this.emit("conversation_update", { conversation, message: userMessage });
    const text = this.reply(b.text as string);
    const tokens = text.split(/(?<= )/);
    for (const token of tokens) {
      await Bun.sleep(this.tokenDelayMs);
      options.onToken?.(token);
    }
    const reply: ChatMessage = { id: this.id("msg"), conversationId, role: "agent", text, createdAt: Date.now() };
    this.messages.push(reply);
    this.emit("conversation_update", { conversation, message: reply });
    return { userMessage, reply };
  }
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const isObj = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
    out[key] =
      isObj(value) && isObj(out[key])
        ? deepMerge(out[key] as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return out;
}

/** FakeConfigStore — an in-memory ConfigStore double validated with the real configSchema. */
export class FakeConfigStore implements ConfigStore {
  readonly paths: StatePaths;
  private config: MiladyConfig = defaultConfig();
  private readonly secretValues: Record<string, string> = {};
  private readonly listeners = new Set<(config: MiladyConfig) => void>();
  patches: ConfigPatch[] = [];

  constructor(stateDir: string, initial: Record<string, unknown> = {}) {
    this.paths = resolveStatePaths({ stateDir, env: {} });
    this.config = configSchema.parse(initial);
  }

  current(): MiladyConfig {
    return this.config;
  }
  secrets(): Record<string, string> {
    return { ...this.secretValues };
  }
  view(): ConfigView {
    const secrets: Record<string, string | null> = {};
    for (const key of SECRET_KEYS) secrets[key] = this.secretValues[key] ? maskSecret(this.secretValues[key])! : null;
    const { pluginsDir: _p, ...paths } = this.paths;
    return { config: structuredClone(this.config) as unknown as Record<string, unknown>, secrets, paths };
  }
  async patch(patch: ConfigPatch): Promise<ConfigView> {
    for (const name of Object.keys(patch.secrets ?? {})) {
      if (!(API_WRITABLE_SECRETS as readonly string[]).includes(name))
        throw new MiladyError("validation_failed", `secrets.${name}: not writable`);
    }
    const merged = deepMerge(this.config as unknown as Record<string, unknown>, patch.config ?? {});
    const result = configSchema.safeParse(merged);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw new MiladyError("validation_failed", `${issue.path.join(".")}: ${issue.message}`);
    }
    this.patches.push(patch);
    this.config = result.data;
    for (const [k, v] of Object.entries(patch.secrets ?? {})) {
      if (v === "") delete this.secretValues[k];
      else this.secretValues[k] = v;
    }
    for (const listener of this.listeners) listener(this.config);
    return { ...this.view(), restartRequired: true };
  }
  async setCharacter(character: Character): Promise<void> {
    this.config = { ...this.config, character };
  }
  onChange(listener: (config: MiladyConfig) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

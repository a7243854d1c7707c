import { defaultConfig, type MiladyConfig } from "../../src-shared/config/schema";
import type { StatusSnapshot } from "../../src-shared/protocol/agent-state";
import type { ConfigView } from "../../src-shared/protocol/api";
import type { ChatMessage } from "../../src-shared/protocol/conversations";

export function statusFixture(over: Partial<StatusSnapshot> = {}): StatusSnapshot {
  return {
    state: "running",
    agentName: "Milady",
    host: "worker",
    model: { provider: "local", name: "tiny.gguf", loaded: true },
    canReply: true,
    restarts: 0,
    restartPending: false,
    notices: [],
    plugins: [],
    version: "0.1.0",
    ...over,
  };
}

export function msg(over: Partial<ChatMessage> & Pick<ChatMessage, "id">): ChatMessage {
  return { conversationId: "c1", role: "user", text: "hi", createdAt: 1, ...over };
}

let seq = 0;
export function envelope<T extends string>(type: T, payload: unknown, extra: { seq?: number; runId?: string } = {}) {
  return {
    type,
    version: 1,
    eventId: `e${++seq}`,
    ts: Date.now(),
    seq: extra.seq ?? seq,
    runId: extra.runId ?? "run-1",
    payload,
  };
}

/** A whole GET/PATCH /api/config answer: the default config with `over` merged one level deep. */
export function configViewFixture(over: { [K in keyof MiladyConfig]?: Partial<MiladyConfig[K]> } = {}): ConfigView {
  const config = defaultConfig();
  for (const [key, value] of Object.entries(over)) {
    const k = key as keyof MiladyConfig;
    (config as Record<string, unknown>)[k] = { ...(config[k] as object), ...(value as object) };
  }
  const paths = {
    stateDir: "/s",
    configFile: "/s/milady.json",
    envFile: "/s/.env",
    modelsDir: "/s/models",
    dataDir: "/s/db",
    avatarsDir: "/s/avatars",
    logsDir: "/s/logs",
  };
  return { config, secrets: {}, paths };
}

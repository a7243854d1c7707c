import type { StatusSnapshot } from "../../src-shared/protocol/agent-state";
import type { ChatMessage } from "../../src-shared/protocol/conversations";

export function statusFixture(over: Partial<StatusSnapshot> = {}): StatusSnapshot {
  return {
    state: "running",
    agentName: "Milady",
    host: "worker",
    model: { provider: "local", name: "tiny.gguf", loaded: true },
    canReply: true,
    restarts: 0,
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

/**
 * In-memory implementations of every agent channel, for FakeAgentController (a test double).
 * Typed from the contracts: a capability that gains a channel method without a fake here
 * does not compile.
 */
import type {
  AgentExtensionsState,
  agentContract,
  archiveContract,
  autonomyContract,
  Capability,
  ChannelHandlers,
  Contracts,
  characterContract,
  conversationsContract,
  knowledgeContract,
  openaiContract,
  workspaceContract,
} from "../../../src-shared/contracts";
import type {
  AutonomyStatus,
  Character,
  ChatMessage,
  Conversation,
  KnowledgeDocument,
} from "../../../src-shared/protocol";
import { MiladyError } from "../../../src-shared/protocol";
import type { RequestOptions } from "../types";

/** What a fake handler gets besides its params: the caller's options and a way to announce events. */
export interface FakeCallContext {
  options: RequestOptions;
  emit(channel: string, name: string, payload: unknown): void;
}

type WithChannel = { [K in keyof Contracts as keyof Contracts[K]["channel"] extends never ? never : K]: Contracts[K] };
/** One handler set per capability that has a channel. */
export type FakeChannels = { [K in keyof WithChannel]: ChannelHandlers<WithChannel[K] & Capability, FakeCallContext> };

/** The scripted agent's memory: what the fakes stored, for tests to read. */
export class FakeAgentState {
  readonly conversations = new Map<string, Conversation>();
  /** Conversation id -> the outside key it was opened for (openFor). */
  readonly conversationKeys = new Map<string, string>();
  readonly messages: ChatMessage[] = [];
  readonly documents: KnowledgeDocument[] = [];
  /** Each document's bytes (base64), to refuse a second upload of the same ones. */
  readonly documentData = new Map<string, string>();
  characterApplied?: Character;
  /** What the connectors channel answers (connector plugins and MCP servers the agent loaded). */
  connectors: AgentExtensionsState["connectors"] = [];
  mcpServers: AgentExtensionsState["mcp"] = [];
  /** The reply text for a chat turn; split on spaces into streamed tokens. */
  reply: (text: string) => string = (text) => `You said: ${text}`;
  /** Delay between streamed tokens. */
  tokenDelayMs = 2;
  private counter = 0;

  id(prefix: string): string {
    this.counter += 1;
    return `${prefix}-${this.counter}`;
  }
}

function fakeConversations(state: FakeAgentState): ChannelHandlers<typeof conversationsContract, FakeCallContext> {
  return {
    list: async () => ({ conversations: [...state.conversations.values()] }),
    create: async ({ title }) => {
      const now = Date.now();
      const conversation = { id: state.id("conv"), title: title || "New chat", createdAt: now, updatedAt: now };
      state.conversations.set(conversation.id, conversation);
      return { conversation };
    },
    rename: async ({ conversationId, title }, { emit }) => {
      const found = state.conversations.get(conversationId);
      if (!found) throw new MiladyError("not_found", `no conversation ${conversationId}`);
      const conversation = { ...found, title };
      state.conversations.set(conversationId, conversation);
      emit("conversations", "conversation_update", { conversation });
      return { conversation };
    },
    remove: async ({ conversationId }, { emit }) => {
      const deleted = state.conversations.delete(conversationId);
      if (deleted) {
        for (let i = state.messages.length - 1; i >= 0; i--)
          if (state.messages[i].conversationId === conversationId) state.messages.splice(i, 1);
        emit("conversations", "conversation_deleted", { conversationId });
      }
      return { deleted };
    },
    messages: async ({ conversationId, limit, before }) => {
      const list = state.messages.filter(
        (m) => m.conversationId === conversationId && (before === undefined || m.createdAt < before),
      );
      return { messages: list.slice(-limit) };
    },
    send: async ({ conversationId, text, clientMessageId }, { options, emit }) => {
      const conversation = state.conversations.get(conversationId);
      if (!conversation) throw new MiladyError("not_found", `no conversation ${conversationId}`);
      const userMessage: ChatMessage = {
        id: state.id("msg"),
        conversationId,
        role: "user",
        text,
        createdAt: Date.now(),
        ...(clientMessageId ? { clientMessageId } : {}),
      };
      state.messages.push(userMessage);
      emit("conversations", "conversation_update", { conversation, message: userMessage });
      const replyText = state.reply(text);
      for (const token of replyText.split(/(?<= )/)) {
        await Bun.sleep(state.tokenDelayMs);
        options.onToken?.(token);
      }
      const reply: ChatMessage = {
        id: state.id("msg"),
        conversationId,
        role: "agent",
        text: replyText,
        createdAt: Date.now(),
      };
      state.messages.push(reply);
      emit("conversations", "conversation_update", { conversation, message: reply });
      return { userMessage, reply };
    },
    openFor: async ({ key, title }) => {
      const found = [...state.conversations.values()].find((c) => state.conversationKeys.get(c.id) === key);
      if (found) return { conversation: found };
      const now = Date.now();
      const conversation = { id: state.id("conv"), title, createdAt: now, updatedAt: now };
      state.conversations.set(conversation.id, conversation);
      state.conversationKeys.set(conversation.id, key);
      return { conversation };
    },
  };
}

/** Plain completions: the last message echoed as "Plain: <text>", a token a word. */
function fakeOpenai(): ChannelHandlers<typeof openaiContract, FakeCallContext> {
  return {
    complete: async ({ messages }, { options }) => {
      const text = `Plain: ${messages.at(-1)?.content ?? ""}`;
      for (const token of text.split(/(?<= )/)) options.onToken?.(token);
      return {
        text,
        usage: { promptTokens: messages.length, completionTokens: text.split(" ").length, reported: true },
      };
    },
  };
}

function fakeKnowledge(state: FakeAgentState): ChannelHandlers<typeof knowledgeContract, FakeCallContext> {
  return {
    add: async ({ filename, contentType, dataBase64 }) => {
      // Like the real store: the same bytes twice are refused (the real one hashes with SHA-256).
      const existing = state.documents.find((d) => state.documentData.get(d.id) === dataBase64);
      if (existing) {
        throw new MiladyError(
          "conflict",
          `"${filename}" is already in knowledge as "${existing.filename}"`,
          `Delete "${existing.filename}" first to upload it again.`,
        );
      }
      const document = {
        id: state.id("doc"),
        filename,
        contentType,
        bytes: Buffer.from(dataBase64, "base64").byteLength,
        chunks: 1,
        createdAt: Date.now(),
      };
      state.documents.push(document);
      state.documentData.set(document.id, dataBase64);
      return { document };
    },
    list: async () => ({ documents: [...state.documents] }),
    // One chunk per fake document, every one redone.
    reembed: async () => ({ documents: state.documents.length, chunks: state.documents.length, dimension: 384 }),
    remove: async ({ documentId }) => {
      const index = state.documents.findIndex((d) => d.id === documentId);
      if (index >= 0) {
        state.documentData.delete(documentId);
        state.documents.splice(index, 1);
      }
      return { deleted: index >= 0 };
    },
    search: async () => ({
      hits: state.documents.map((d) => ({
        documentId: d.id,
        filename: d.filename,
        chunkIndex: 0,
        text: "hit",
        score: 0.5,
      })),
    }),
  };
}

function fakeCharacter(state: FakeAgentState): ChannelHandlers<typeof characterContract, FakeCallContext> {
  return {
    apply: async ({ character }) => {
      state.characterApplied = character;
      return { ok: true as const };
    },
  };
}

/** The lifecycle channel is the AgentManager's own; the fake answers it so the set is complete. */
const fakeLifecycle: ChannelHandlers<typeof agentContract, FakeCallContext> = {
  pause: async () => ({ ok: true as const }),
  resume: async () => ({ ok: true as const }),
  shutdown: async () => ({ ok: true as const }),
};

const fakeWorkspace: ChannelHandlers<typeof workspaceContract, FakeCallContext> = {
  info: async () => ({ dir: "/fake/workspace", files: [], customActions: [] }),
};

/** The autonomy loop as a record: configure changes it, wake records a manual wake. */
function fakeAutonomy(): ChannelHandlers<typeof autonomyContract, FakeCallContext> {
  const status: AutonomyStatus = {
    enabled: false,
    intervalMinutes: 30,
    maxModelCallsPerHour: 12,
    callsThisHour: 0,
    running: false,
    history: [],
  };
  return {
    status: async () => status,
    configure: async (config) => Object.assign(status, config),
    wake: async () => {
      const wake = {
        id: `wake-${status.history.length + 1}`,
        at: Date.now(),
        endedAt: Date.now(),
        status: "ok" as const,
        text: "fake wake",
        modelCalls: 1,
        cause: "manual" as const,
      };
      status.history.unshift(wake);
      status.lastWake = wake;
      return wake;
    },
  };
}

/** No database: an export has no tables, an import writes nothing (the real one is tested with real processes). */
const fakeArchive: ChannelHandlers<typeof archiveContract, FakeCallContext> = {
  exportRows: async () => ({ agentId: "00000000-0000-4000-8000-000000000000", tables: [] }),
  importRows: async ({ tables }) => ({
    tables: tables.map((t) => ({ name: t.name, rows: t.rows })),
    droppedColumns: [],
  }),
  summary: async () => ({ agentId: "00000000-0000-4000-8000-000000000000", messages: 0, knowledgeDocuments: 0 }),
};

export function createFakeChannels(state: FakeAgentState): FakeChannels {
  return {
    archive: fakeArchive,
    agent: fakeLifecycle,
    workspace: fakeWorkspace,
    autonomy: fakeAutonomy(),
    conversations: fakeConversations(state),
    character: fakeCharacter(state),
    knowledge: fakeKnowledge(state),
    connectors: { status: async () => ({ connectors: state.connectors, mcp: state.mcpServers }) },
    openai: fakeOpenai(),
  };
}

import type { Content, IAgentRuntime, Memory, UUID } from "@elizaos/core";
import { agentContract, conversationsContract } from "../../../src-shared/contracts";
import { newId } from "../../../src-shared/ids";
import { type ChatMessage, MiladyError, type WireError } from "../../../src-shared/protocol";
import type { AgentLog } from "../../runtime/types";
import type { EmitEvent } from "../module";
import type { ConversationStore } from "./conversation-service";
import { MILADY_SOURCE, titleFromText, toChatMessage, toConversation } from "./mapping";

export interface ChatRequest {
  id: string;
  conversationId: string;
  text: string;
  clientMessageId?: string;
  userName?: string;
}

export interface ChatDeps {
  runtime: IAgentRuntime;
  store: ConversationStore;
  emit: EmitEvent;
  log: AgentLog;
  /** Undefined when the agent can reply; else why not (answered as `no_model`). */
  cannotReply(): WireError | undefined;
  /** Runs `fn` with streamed reply text going to `onTextDelta` (turn context + models' replyStream). */
  withStream<T>(
    ctx: { requestId: string; conversationId: string; userText: string; onTextDelta(d: string): void },
    fn: () => Promise<T>,
  ): Promise<T>;
  /** A turn that takes longer fails with `timeout` instead of hanging (default 180 s). */
  replyTimeoutMs?: number;
}

const DEFAULT_REPLY_TIMEOUT_MS = 180_000;

/**
 * One chat turn: persist-and-answer. elizaOS saves the user memory itself (handleMessage);
 * the reply is saved here from the callback because core does not in "simple" mode.
 * Turns in one conversation run one after another: core drops the older of two
 * overlapping replies in a room ("Response discarded - newer message being processed").
 */
export class ChatTurns {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: ChatDeps) {}

  chat(req: ChatRequest): Promise<{ userMessage: ChatMessage; reply: ChatMessage }> {
    const why = this.deps.cannotReply();
    if (why) throw new MiladyError(why.code, why.message, why.fix);
    const prev = this.queues.get(req.conversationId) ?? Promise.resolve();
    const run = prev.catch(() => {}).then(() => this.turn(req));
    this.queues.set(req.conversationId, run);
    run
      .finally(() => {
        if (this.queues.get(req.conversationId) === run) this.queues.delete(req.conversationId);
      })
      .catch(() => {});
    return run;
  }

  private async turn(req: ChatRequest): Promise<{ userMessage: ChatMessage; reply: ChatMessage }> {
    const { runtime, store, emit, log } = this.deps;
    const text = req.text.trim();
    if (!text) throw new MiladyError("bad_request", "message text is empty", "Type a message first.");
    let room = await store.room(req.conversationId);
    room = await store.setTitleIfEmpty(room, titleFromText(text));

    const memory = store.userMemory(room, text, { clientMessageId: req.clientMessageId, userName: req.userName });
    const userMessage = toChatMessage(memory, runtime.agentId);
    emit(conversationsContract, "conversation_update", {
      conversation: toConversation(room, userMessage),
      message: userMessage,
    });
    emit(agentContract, "agent_event", { roomId: room.id, payload: { kind: "reply_started", requestId: req.id } });

    let reply: ChatMessage | undefined;
    const callback = async (content: Content): Promise<Memory[]> => {
      // A conversation deleted while the model was thinking gets no reply written into it.
      if (reply || !content.text?.trim() || store.isRemoved(room.id)) return [];
      const mem: Memory = {
        id: newId() as UUID,
        entityId: runtime.agentId,
        agentId: runtime.agentId,
        roomId: room.id,
        worldId: store.worldId,
        content: {
          text: content.text,
          thought: content.thought,
          actions: content.actions,
          source: MILADY_SOURCE,
          inReplyTo: memory.id,
        },
        // Strictly after the user message, so ordering by time never swaps a turn.
        createdAt: Math.max(Date.now(), (memory.createdAt ?? 0) + 1),
      };
      await runtime.createMemory(mem, "messages");
      reply = toChatMessage(mem, runtime.agentId);
      return [mem];
    };

    const timeoutMs = this.deps.replyTimeoutMs ?? DEFAULT_REPLY_TIMEOUT_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const result = await Promise.race([
        this.deps.withStream(
          {
            requestId: req.id,
            conversationId: room.id,
            userText: text,
            onTextDelta: (delta) => {
              if (delta) emit(conversationsContract, "token", { requestId: req.id, delta });
            },
          },
          () =>
            // Core's own run timeout a second later, so ours (code `timeout`) wins the race.
            runtime.messageService!.handleMessage(runtime, memory, callback, { timeoutDuration: timeoutMs + 1000 }),
        ),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new MiladyError(
                  "timeout",
                  `the model did not answer within ${timeoutMs / 1000} s`,
                  "Try again, or pick a faster model in Settings > Models.",
                ),
              ),
            timeoutMs,
          );
        }),
      ]);
      if (reply && result.responseContent?.actions?.length) {
        // The callback saw REPLY's content; the turn's full plan (e.g. REPLY,PLAY_EMOTE) is in the result.
        reply.actions = result.responseContent.actions.filter((a): a is string => typeof a === "string");
      }
    } catch (err) {
      if (err instanceof MiladyError) throw err;
      const msg = err instanceof Error ? err.message : String(err);
      log.warn("chat", `reply failed in conversation ${room.id}: ${msg}`);
      throw new MiladyError(
        "model_error",
        `the model failed to reply: ${msg}`,
        "Try again; if it keeps failing, check the model in Settings > Models.",
      );
    } finally {
      clearTimeout(timer);
      emit(agentContract, "agent_event", { roomId: room.id, payload: { kind: "reply_finished", requestId: req.id } });
    }
    if (store.isRemoved(room.id)) {
      throw new MiladyError("not_found", "the conversation was deleted while the agent was replying");
    }
    if (!reply) {
      throw new MiladyError(
        "model_error",
        "the model produced no reply text",
        "Try again; if it keeps happening, the model may not follow the reply format: choose another model.",
      );
    }
    emit(conversationsContract, "conversation_update", { conversation: toConversation(room, reply), message: reply });
    return { userMessage, reply };
  }
}

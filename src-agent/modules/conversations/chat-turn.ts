import type { Content, IAgentRuntime, Memory, Room, UUID } from "@elizaos/core";
import { agentContract, conversationsContract } from "../../../src-shared/contracts";
import { type ChatMessage, type MessageSender, MiladyError, type WireError } from "../../../src-shared/protocol";
import { DB_UNREACHABLE_MESSAGE, databaseFailure, safeErrorText } from "../../runtime/db-errors";
import type { DbHealth } from "../../runtime/db-health";
import type { AgentLog } from "../../runtime/types";
import type { EmitEvent } from "../module";
import { type ConversationStore, replyMemoryId } from "./conversation-service";
import { MILADY_SOURCE, titleFromText, toChatMessage, toConversation } from "./mapping";

export interface ChatRequest {
  id: string;
  conversationId: string;
  text: string;
  clientMessageId?: string;
  userName?: string;
  sender?: MessageSender;
}

export interface ChatDeps {
  runtime: IAgentRuntime;
  store: ConversationStore;
  emit: EmitEvent;
  log: AgentLog;
  dbHealth: DbHealth;
  /** Undefined when the agent can reply; else why not (answered as `no_model`). */
  cannotReply(): WireError | undefined;
  /** Runs `fn` with streamed reply text going to `onTextDelta` (turn context + models' replyStream). */
  withStream<T>(
    ctx: {
      requestId: string;
      conversationId: string;
      userText: string;
      sender?: MessageSender;
      onTextDelta(d: string): void;
    },
    fn: () => Promise<T>,
  ): Promise<T>;
  /** A turn that takes longer fails with `timeout` instead of hanging (default 180 s). */
  replyTimeoutMs?: number;
}

const DEFAULT_REPLY_TIMEOUT_MS = 180_000;
/** Turns one conversation may have waiting; more is a client in a loop, answered 429. */
export const MAX_QUEUED_TURNS = 50;

/**
 * Lets the worker take in what main has sent (other conversations' requests) before a turn
 * starts. With PGlite in-process and an instant model a turn resolves through promise
 * callbacks only, so back-to-back turns of one conversation would otherwise keep every other
 * conversation's request waiting in the message queue until they all finished.
 */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * One chat turn: persist-and-answer. elizaOS saves the user memory itself (handleMessage);
 * the reply is saved here from the callback because core does not in "simple" mode.
 * Turns in one conversation run one after another: core drops the older of two
 * overlapping replies in a room ("Response discarded - newer message being processed").
 */
export class ChatTurns {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly waiting = new Map<string, number>();
  /** User messages whose turn is running now: not "interrupted", only not answered yet. */
  private readonly answering = new Set<string>();

  isAnswering(userMessageId: string): boolean {
    return this.answering.has(userMessageId);
  }

  constructor(private readonly deps: ChatDeps) {}

  chat(req: ChatRequest): Promise<{ userMessage: ChatMessage; reply: ChatMessage }> {
    const why = this.deps.cannotReply();
    if (why) throw new MiladyError(why.code, why.message, why.fix);
    // The PostgreSQL server is known to be away (postgres-watch.ts): say so now rather than after
    // the pool's connection attempts time out; the watch clears it the moment the server answers.
    const db = this.deps.dbHealth.degraded;
    if (db?.message === DB_UNREACHABLE_MESSAGE) throw new MiladyError(db.code, db.message, db.fix);
    const waiting = this.waiting.get(req.conversationId) ?? 0;
    if (waiting >= MAX_QUEUED_TURNS) {
      throw new MiladyError(
        "rate_limited",
        `${waiting} messages are already waiting in this conversation`,
        "Wait for the replies, then send again.",
      );
    }
    this.waiting.set(req.conversationId, waiting + 1);
    const prev = this.queues.get(req.conversationId) ?? Promise.resolve();
    const run = prev
      .catch(() => {})
      .then(yieldToEventLoop)
      .then(() => this.turn(req));
    this.queues.set(req.conversationId, run);
    run
      .finally(() => {
        const left = (this.waiting.get(req.conversationId) ?? 1) - 1;
        if (left > 0) this.waiting.set(req.conversationId, left);
        else this.waiting.delete(req.conversationId);
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

    const fresh = store.userMemory(room, text, { clientMessageId: req.clientMessageId, userName: req.userName });
    // The same clientMessageId again (a retry): the stored message, and its reply if it has one.
    const stored = req.clientMessageId ? await runtime.getMemoryById(fresh.id!) : null;
    if (stored) {
      const answered = await runtime.getMemoryById(replyMemoryId(fresh.id!));
      if (answered) {
        return { userMessage: toChatMessage(stored, runtime.agentId), reply: toChatMessage(answered, runtime.agentId) };
      }
    }
    const memory = stored ?? fresh;
    this.answering.add(memory.id!);
    try {
      return await this.answer(req, room, memory);
    } finally {
      this.answering.delete(memory.id!);
    }
  }

  private async answer(
    req: ChatRequest,
    room: Room,
    memory: Memory,
  ): Promise<{ userMessage: ChatMessage; reply: ChatMessage }> {
    const { runtime, store, emit, log } = this.deps;
    const text = req.text.trim();
    const userMessage = toChatMessage(memory, runtime.agentId);
    emit(conversationsContract, "conversation_update", {
      conversation: toConversation(room, userMessage),
      message: userMessage,
    });
    emit(agentContract, "agent_event", { roomId: room.id, payload: { kind: "reply_started", requestId: req.id } });

    let reply: ChatMessage | undefined;
    const callback = async (content: Content): Promise<Memory[]> => {
      // A conversation deleted while the model was thinking gets no reply written into it.
      if (!content.text?.trim() || store.isRemoved(room.id)) return [];
      if (reply) {
        // A later action's output (a custom action's result) joins the reply the user sees.
        if (reply.text.includes(content.text.trim())) return [];
        const text = `${reply.text}\n\n${content.text.trim()}`;
        const stored = await runtime.getMemoryById(reply.id as UUID);
        if (stored) await runtime.updateMemory({ id: stored.id!, content: { ...stored.content, text } });
        reply.text = text;
        return [];
      }
      const mem: Memory = {
        id: replyMemoryId(memory.id!),
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
            sender: req.sender,
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
                  "Try again, or pick a faster model in the Models tab.",
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
      // A database failure is not the model's: its own code and fix, and no SQL or user text anywhere.
      const db = databaseFailure(err);
      if (db) {
        this.deps.dbHealth.failed(db, err);
        log.warn("db", `reply failed in conversation ${room.id}: ${db.message}`);
        throw new MiladyError(db.code, db.message, db.fix);
      }
      const msg = safeErrorText(err);
      log.warn("chat", `reply failed in conversation ${room.id}: ${msg}`);
      throw new MiladyError(
        "model_error",
        `the model failed to reply: ${msg}`,
        "Try again; if it keeps failing, check the model in the Models tab.",
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
    this.deps.dbHealth.ok(); // both sides were stored: whatever failed before works again
    return { userMessage, reply };
  }
}

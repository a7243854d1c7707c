import { conversationsContract } from "../../../src-shared/contracts";
import { MiladyError } from "../../../src-shared/protocol";
import { replyStream } from "../../models/stream-context";
import { meterUsage } from "../../models/usage-meter";
import { turnContext } from "../../runtime/turn-context";
import { defineAgentModule } from "../module";
import { ChatTurns } from "./chat-turn";
import { ConversationStore } from "./conversation-service";
import { markInterrupted } from "./interrupted";
import { createSendMessageAction } from "./send-message-action";

/** Conversations are DM rooms; a turn persists both sides and streams the reply's text. */
export const conversationsModule = defineAgentModule(conversationsContract, (ctx) => {
  const store = new ConversationStore(ctx.runtime);
  const chat = new ChatTurns({
    runtime: ctx.runtime,
    store,
    emit: ctx.emit,
    log: ctx.log,
    dbHealth: ctx.dbHealth,
    cannotReply: ctx.cannotReply,
    withStream: (turn, fn) => turnContext.run(turn, () => replyStream.run({ onTextDelta: turn.onTextDelta }, fn)),
  });
  return {
    plugin: { actions: [createSendMessageAction(store, ctx.emit)] },
    start: () => store.init(),
    handlers: {
      list: async () => ({ conversations: await store.list() }),
      create: async ({ title }) => ({ conversation: await store.create(title) }),
      rename: async ({ conversationId, title }) => {
        const conversation = await store.rename(conversationId, title);
        // Other open dashboards show the new title without reloading.
        ctx.emit(conversationsContract, "conversation_update", { conversation });
        return { conversation };
      },
      remove: async ({ conversationId }) => {
        const deleted = await store.remove(conversationId);
        if (deleted) ctx.emit(conversationsContract, "conversation_deleted", { conversationId });
        return { deleted };
      },
      messages: async ({ conversationId, limit, before }) => {
        await store.room(conversationId); // not_found for a conversation that does not exist
        const page = await store.messages(conversationId, limit, before);
        return { messages: markInterrupted(page, chat, before === undefined) };
      },
      send: async ({ withUsage, ...params }, { requestId }) => {
        if (ctx.paused()) throw new MiladyError("agent_paused", "the agent is paused", "Resume the agent to chat.");
        if (!withUsage) return chat.chat({ ...params, id: requestId });
        // The OpenAI API's usage: what the turn's model calls cost, or an estimate from its text.
        const { result, usage } = await meterUsage(
          "turn",
          () => chat.chat({ ...params, id: requestId }),
          (turn) => ({ prompt: turn.userMessage.text, completion: turn.reply.text }),
        );
        return { ...result, usage };
      },
      openFor: async ({ key, title }) => ({ conversation: await store.openFor(key, title) }),
    },
  };
});

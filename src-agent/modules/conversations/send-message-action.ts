import type { Action, ActionResult, HandlerCallback, IAgentRuntime, Memory, UUID } from "@elizaos/core";
import { conversationsContract } from "../../../src-shared/contracts";
import { newId } from "../../../src-shared/ids";
import type { ChatMessage } from "../../../src-shared/protocol";
import { actionParams } from "../../runtime/action-params";
import { speakerOf } from "../../runtime/speaker";
import type { EmitEvent } from "../module";
import type { ConversationStore } from "./conversation-service";
import { MILADY_SOURCE, toChatMessage, toConversation } from "./mapping";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Writes an agent message into a dashboard conversation and tells every dashboard (/ws conversation_update). */
export async function postToConversation(
  runtime: IAgentRuntime,
  store: ConversationStore,
  emit: EmitEvent,
  conversationId: string,
  text: string,
): Promise<ChatMessage> {
  const room = await store.room(conversationId);
  const memory: Memory = {
    id: newId() as UUID,
    entityId: runtime.agentId,
    agentId: runtime.agentId,
    roomId: room.id,
    worldId: store.worldId,
    content: { text, source: MILADY_SOURCE, actions: ["SEND_MESSAGE"] },
    createdAt: Date.now(),
  };
  await runtime.createMemory(memory, "messages");
  const message = toChatMessage(memory, runtime.agentId);
  emit(conversationsContract, "conversation_update", { conversation: toConversation(room, message), message });
  return message;
}

/**
 * SEND_MESSAGE: a message to another conversation. `<target>` is a dashboard conversation id, or
 * `SOURCE:CHANNEL` for a connector (telegram:12345) sent through runtime.sendMessageToTarget.
 */
export function createSendMessageAction(store: ConversationStore, emit: EmitEvent): Action {
  return {
    name: "SEND_MESSAGE",
    similes: ["SEND", "POST_MESSAGE", "MESSAGE_CONVERSATION", "NOTIFY"],
    description:
      "Sends a message to another conversation: put the conversation id (or connector:channel, e.g. telegram:12345) in <target> and the text in <message>.",
    // People on connectors may not make the agent write elsewhere.
    validate: async (_runtime, message) => speakerOf(message).trust !== "connector",
    handler: async (
      runtime,
      message,
      _state,
      _options,
      callback?: HandlerCallback,
      responses?: Memory[],
    ): Promise<ActionResult> => {
      const fail = async (text: string): Promise<ActionResult> => {
        await callback?.({ text, actions: ["SEND_MESSAGE"] });
        return { success: false, text };
      };
      if (speakerOf(message).trust === "connector") return fail("I can only send messages for my owner.");
      const { target, message: text } = actionParams(responses, ["target", "message"]);
      if (!target || !text) return fail("SEND_MESSAGE needs a <target> (a conversation id) and a <message>.");
      if (UUID_RE.test(target)) {
        try {
          const sent = await postToConversation(runtime, store, emit, target, text);
          return {
            success: true,
            text: `Sent to conversation ${target}`,
            data: { actionName: "SEND_MESSAGE", messageId: sent.id },
          };
        } catch (error) {
          return fail(`SEND_MESSAGE failed: ${(error as Error).message}`);
        }
      }
      const colon = target.indexOf(":");
      if (colon <= 0) return fail(`SEND_MESSAGE: ${target} is neither a conversation id nor connector:channel.`);
      const source = target.slice(0, colon);
      const channelId = target.slice(colon + 1);
      try {
        await runtime.sendMessageToTarget({ source, channelId }, { text, source });
        return { success: true, text: `Sent to ${target}`, data: { actionName: "SEND_MESSAGE", target } };
      } catch (error) {
        return fail(
          `SEND_MESSAGE to ${target} failed (is the ${source} connector configured?): ${(error as Error).message}`,
        );
      }
    },
    examples: [
      [
        { name: "{{user}}", content: { text: "tell the Groceries chat that I bought milk" } },
        { name: "{{agent}}", content: { text: "Done, I posted it there.", actions: ["REPLY", "SEND_MESSAGE"] } },
      ],
    ],
  };
}

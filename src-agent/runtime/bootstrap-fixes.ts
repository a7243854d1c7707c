import { createUniqueUuid, type Evaluator, type IAgentRuntime, type Memory, type Plugin } from "@elizaos/core";

/**
 * plugin-bootstrap 1.7.2's REFLECTION evaluator means to reflect once every
 * conversationLength/4 new messages, but its validate gets the room's messages newest first and
 * `splice(0, index + 1)` keeps the OLDER ones: once a room holds ~10 messages it reflects on
 * every turn, a second model call per turn with a 4-5k-token prompt (on a local model it doubles
 * what the user waits for). This validate counts the messages the last reflection has not seen,
 * which is what the upstream code intends: those newer than the message it reflected on, apart
 * from the agent's replies to that message (evaluators run after the reply is stored, so the
 * reflection read them). Every fifth DM turn, then (upstream's count every fourth). Its handler also records the message it reflected
 * on only when the model's answer parsed: a model that cannot write its XML (small local models,
 * often) was asked again on every turn. The wrapped handler records it either way. Drop both
 * when upstream fixes them.
 */
export function fixReflectionCadence(plugin: Plugin): void {
  const reflection = plugin.evaluators?.find((e) => e.name === "REFLECTION");
  if (!reflection || (reflection as { miladyFixed?: boolean }).miladyFixed) return;
  const handler = reflection.handler;
  reflection.validate = reflectionDue;
  reflection.handler = async (runtime, message, ...rest) => {
    try {
      return await handler(runtime, message, ...rest);
    } finally {
      if (message.id) await runtime.setCache(lastReflectedKey(message), message.id).catch(() => undefined);
    }
  };
  (reflection as { miladyFixed?: boolean }).miladyFixed = true;
}

const lastReflectedKey = (message: Memory) => `${message.roomId}-reflection-last-processed`;

export const reflectionDue: Evaluator["validate"] = async (runtime: IAgentRuntime, message: Memory) => {
  const lastId = await runtime.getCache<string>(lastReflectedKey(message));
  const newestFirst = await runtime.getMemories({
    tableName: "messages",
    roomId: message.roomId,
    count: runtime.getConversationLength(),
  });
  const lastIndex = lastId ? newestFirst.findIndex((m) => m.id === lastId) : -1;
  const newer = lastIndex === -1 ? newestFirst : newestFirst.slice(0, lastIndex);
  // Milady's chat stores a reply's inReplyTo as the message id; core's own paths derive one from it.
  const repliesTo = lastId ? new Set([lastId, createUniqueUuid(runtime, lastId)]) : new Set<string>();
  const unseen = newer.filter((m) => !repliesTo.has(String(m.content?.inReplyTo))).length;
  return unseen > Math.ceil(runtime.getConversationLength() / 4);
};

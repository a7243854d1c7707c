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
 *
 * The count: the wrapped handler also records how many messages the room held when it ran (the
 * reflected message and the replies to it included); each later turn's validate then needs one
 * `count(*)`, not the room's newest 32 messages read whole (~1-2 ms of a turn's CPU). A room with
 * only the id recorded (by a Milady before this count, or by upstream's handler) is counted the
 * old way until its next reflection.
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
      if (message.id) {
        await runtime.setCache(lastReflectedKey(message), message.id).catch(() => undefined);
        const stored = await storedMessages(runtime, message).catch(() => undefined);
        if (stored !== undefined) await runtime.setCache(seenCountKey(message), stored).catch(() => undefined);
      }
    }
  };
  (reflection as { miladyFixed?: boolean }).miladyFixed = true;
}

const lastReflectedKey = (message: Memory) => `${message.roomId}-reflection-last-processed`;
const seenCountKey = (message: Memory) => `${message.roomId}-reflection-seen-count`;
const storedMessages = (runtime: IAgentRuntime, message: Memory) =>
  runtime.countMemories(message.roomId, false, "messages");

/** More unseen messages than a quarter of the conversation length: time to reflect. */
export function reflectionThresholdPassed(unseen: number, conversationLength: number): boolean {
  return unseen > Math.ceil(conversationLength / 4);
}

export const reflectionDue: Evaluator["validate"] = async (runtime: IAgentRuntime, message: Memory) => {
  const length = runtime.getConversationLength();
  const seenCount = await runtime.getCache<number>(seenCountKey(message));
  if (typeof seenCount !== "number") {
    const lastId = await runtime.getCache<string>(lastReflectedKey(message));
    if (lastId) return reflectionDueById(runtime, message, lastId, length);
  }
  // Without any record the room was never reflected on: every stored message is unseen.
  const stored = await storedMessages(runtime, message);
  return reflectionThresholdPassed(stored - (typeof seenCount === "number" ? seenCount : 0), length);
};

/** The way before the count: the messages newer than the one last reflected on, read whole. */
async function reflectionDueById(runtime: IAgentRuntime, message: Memory, lastId: string, length: number) {
  const newestFirst = await runtime.getMemories({
    tableName: "messages",
    roomId: message.roomId,
    count: length,
  });
  const lastIndex = newestFirst.findIndex((m) => m.id === lastId);
  const newer = lastIndex === -1 ? newestFirst : newestFirst.slice(0, lastIndex);
  // Milady's chat stores a reply's inReplyTo as the message id; core's own paths derive one from it.
  const repliesTo = new Set([lastId, createUniqueUuid(runtime, lastId)]);
  const unseen = newer.filter((m) => !repliesTo.has(String(m.content?.inReplyTo))).length;
  return reflectionThresholdPassed(unseen, length);
}

import type { Action, ActionResult, IAgentRuntime, Memory } from "@elizaos/core";
import type { Emote } from "../../../src-shared/protocol";
import { chooseEmote, isEmote } from "./choose-emote";

export type EmitEmote = (emote: Emote, roomId: string) => void;

/**
 * PLAY_EMOTE: makes the avatar gesture. The model may name the emote (an <emote> key in
 * its XML answer); otherwise it is chosen from the user message and the reply text.
 */
export function createPlayEmoteAction(emit: EmitEmote): Action {
  return {
    name: "PLAY_EMOTE",
    similes: ["EMOTE", "GESTURE", "ANIMATE"],
    description:
      "Plays an avatar animation that fits the moment (wave, nod, shake, happy, sad, angry, surprised, relaxed, think). Use after REPLY.",
    validate: async () => true,
    handler: async (
      _runtime: IAgentRuntime,
      message: Memory,
      _state,
      _options,
      _callback,
      responses?: Memory[],
    ): Promise<ActionResult> => {
      const named = responses?.map((r) => (r.content as { emote?: unknown }).emote).find(isEmote);
      const replyText = responses?.map((r) => r.content.text ?? "").join("\n");
      const emote = named ?? chooseEmote(message.content.text, replyText);
      emit(emote, message.roomId);
      return { success: true, text: `Played emote ${emote}`, data: { actionName: "PLAY_EMOTE", emote } };
    },
    examples: [
      [
        { name: "{{user}}", content: { text: "hello!" } },
        { name: "{{agent}}", content: { text: "Hi there!", actions: ["REPLY", "PLAY_EMOTE"] } },
      ],
    ],
  };
}

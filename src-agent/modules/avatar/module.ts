import { agentContract, avatarContract } from "../../../src-shared/contracts";
import { defineAgentModule } from "../module";
import { createPlayEmoteAction } from "./play-emote";

/** The avatar's side of the agent: PLAY_EMOTE makes the dashboard's VRM gesture. */
export const avatarModule = defineAgentModule(avatarContract, ({ emit }) => ({
  handlers: {},
  plugin: {
    actions: [
      createPlayEmoteAction((emote, roomId) =>
        emit(agentContract, "agent_event", { roomId, payload: { kind: "emote", emote } }),
      ),
    ],
  },
}));

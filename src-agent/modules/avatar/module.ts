import { agentContract, avatarContract } from "../../../src-shared/contracts";
import { defineAgentModule } from "../module";
import { emotesDisabled } from "./emotes-disabled";
import { createPlayEmoteAction } from "./play-emote";

/** The avatar's side of the agent: PLAY_EMOTE makes the dashboard's VRM gesture. */
export const avatarModule = defineAgentModule(avatarContract, ({ emit, boot }) => ({
  handlers: {},
  plugin: {
    // character.settings.DISABLE_EMOTES: the agent never gestures (and is not offered the action).
    actions: emotesDisabled(boot.character.settings)
      ? []
      : [
          createPlayEmoteAction((emote, roomId) =>
            emit(agentContract, "agent_event", { roomId, payload: { kind: "emote", emote } }),
          ),
        ],
  },
}));

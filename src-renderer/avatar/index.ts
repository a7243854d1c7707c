/** Public face of the avatar module (the only place importing three / three-vrm). */

export { createAvatarStage } from "./avatar-stage";
export { default as AvatarView } from "./avatar-view";
export { EMOTE_DEFS, emoteDuration, evaluateEmote } from "./emotes";
export type { AvatarController, AvatarStageOptions, AvatarState, AvatarViewProps } from "./types";
export { LipSync, textToVisemes, VISEMES, type Viseme } from "./visemes";

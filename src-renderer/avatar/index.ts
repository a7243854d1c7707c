/** Public face of the avatar module (the only place importing three / three-vrm). */
export type { AvatarController, AvatarStageOptions, AvatarState, AvatarViewProps } from "./types";
export { createAvatarStage } from "./avatar-stage";
export { default as AvatarView } from "./avatar-view";
export { textToVisemes, LipSync, VISEMES, type Viseme } from "./visemes";
export { EMOTE_DEFS, evaluateEmote, emoteDuration } from "./emotes";

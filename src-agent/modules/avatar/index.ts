export { chooseEmote, isEmote } from "./choose-emote";
export { avatarModule } from "./module";
export { createPlayEmoteAction, type EmitEmote } from "./play-emote";

export { chooseEmote, isEmote } from "./choose-emote";
export { createKnowledgeProvider, type KnowledgeSearcher } from "./knowledge-provider";
export { createMiladyPlugin, type MiladyPluginOptions } from "./milady-plugin";
export { createPlayEmoteAction, type EmitEmote } from "./play-emote";

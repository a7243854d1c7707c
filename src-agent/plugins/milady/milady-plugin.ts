import type { Plugin } from "@elizaos/core";
import { createKnowledgeProvider, type KnowledgeSearcher } from "./knowledge-provider";
import { createPlayEmoteAction, type EmitEmote } from "./play-emote";

export interface MiladyPluginOptions {
  emitEmote: EmitEmote;
  knowledge: () => KnowledgeSearcher | undefined;
}

/** Milady's own elizaOS plugin: avatar emotes and knowledge retrieval. */
export function createMiladyPlugin(opts: MiladyPluginOptions): Plugin {
  return {
    name: "milady",
    description: "Milady: avatar emotes (PLAY_EMOTE) and retrieval from the user's documents",
    actions: [createPlayEmoteAction(opts.emitEmote)],
    providers: [createKnowledgeProvider(opts.knowledge)],
  };
}

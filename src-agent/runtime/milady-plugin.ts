import type { Plugin } from "@elizaos/core";
import { MILADY_PLUGIN } from "../../src-shared/protocol";
import type { PluginParts } from "../modules";

/** Milady's own elizaOS plugin: the actions, providers and evaluators its modules contribute. */
export function composeMiladyPlugin(parts: PluginParts[]): Plugin {
  return {
    name: MILADY_PLUGIN,
    description: "Milady: the agent's own actions and providers (avatar emotes, retrieval from the user's documents)",
    actions: parts.flatMap((p) => p.actions ?? []),
    providers: parts.flatMap((p) => p.providers ?? []),
    evaluators: parts.flatMap((p) => p.evaluators ?? []),
  };
}

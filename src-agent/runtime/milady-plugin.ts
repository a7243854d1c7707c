import type { IAgentRuntime, Plugin } from "@elizaos/core";
import { MILADY_PLUGIN } from "../../src-shared/protocol";
import type { PluginParts } from "../modules";

/** Milady's own elizaOS plugin: the actions, providers and evaluators its modules contribute. */
export function composeMiladyPlugin(parts: PluginParts[]): Plugin {
  const actions = parts.flatMap((p) => p.actions ?? []);
  const ours = new Set(actions.map((a) => a.name));
  return {
    name: MILADY_PLUGIN,
    description:
      "Milady: the agent's own actions and providers (workspace, trust, triggers, autonomy, emotes, retrieval)",
    // init runs before a plugin's actions are registered: an earlier action of the same name
    // (bootstrap's SEND_MESSAGE) goes, so the model's choice reaches Milady's own.
    init: async (_config: Record<string, string>, runtime: IAgentRuntime) => {
      for (let i = runtime.actions.length - 1; i >= 0; i--) {
        if (ours.has(runtime.actions[i]!.name)) runtime.actions.splice(i, 1);
      }
    },
    actions,
    providers: parts.flatMap((p) => p.providers ?? []),
    evaluators: parts.flatMap((p) => p.evaluators ?? []),
  };
}

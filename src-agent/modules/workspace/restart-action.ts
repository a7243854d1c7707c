import type { Action, ActionResult, HandlerCallback, IAgentRuntime, Memory } from "@elizaos/core";
import { isAdmin } from "../../runtime/speaker";

/**
 * RESTART: the agent asks main to restart it (an event: the agent cannot call main). The reply
 * goes first: main waits until the answers in flight reached their callers, then restarts.
 */
export function createRestartAction(requestRestart: (reason: string) => void): Action {
  return {
    name: "RESTART",
    similes: ["RESTART_AGENT", "REBOOT", "RELOAD_AGENT"],
    description:
      "Restarts the agent (to apply changed settings, plugins or workspace custom actions). Owner only. Use with REPLY to say so first.",
    validate: async (_runtime: IAgentRuntime, message: Memory) => isAdmin(message),
    handler: async (
      _runtime,
      message,
      _state,
      _options,
      callback?: HandlerCallback,
      responses?: Memory[],
    ): Promise<ActionResult> => {
      if (!isAdmin(message)) return { success: false, text: "Only the owner may restart the agent." };
      const said = responses?.some((r) => r.content.text?.trim());
      if (!said) await callback?.({ text: "Restarting now; I will be back in a few seconds.", actions: ["RESTART"] });
      requestRestart("asked in a conversation (RESTART action)");
      return { success: true, text: "Restart requested", data: { actionName: "RESTART" } };
    },
    examples: [
      [
        { name: "{{user}}", content: { text: "please restart yourself" } },
        { name: "{{agent}}", content: { text: "Restarting now.", actions: ["REPLY", "RESTART"] } },
      ],
    ],
  };
}

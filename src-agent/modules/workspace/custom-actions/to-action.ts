import type { Action, ActionResult, HandlerCallback, Memory, Provider } from "@elizaos/core";
import { actionParams } from "../../../runtime/action-params";
import { isAdmin } from "../../../runtime/speaker";
import type { LoadedCustomAction } from "./load";
import { runCustomAction } from "./run";
import type { CustomActionSpec } from "./schema";

function describeParams(spec: CustomActionSpec): string {
  const names = Object.entries(spec.parameters);
  if (names.length === 0) return "";
  const list = names.map(([n, p]) => `<${n}>${p.required ? "" : " (optional)"}: ${p.description}`).join("; ");
  return ` Parameters, each in its own tag of your answer: ${list}.`;
}

/** A custom action as an elizaOS action; its result text is sent as a message of the turn. */
export function toAction({ spec }: LoadedCustomAction): Action {
  const names = Object.keys(spec.parameters);
  return {
    name: spec.name,
    similes: spec.similes,
    description: `${spec.description}${describeParams(spec)}`,
    // A command on the owner's machine: only the owner may have it run.
    validate: async (_runtime, message: Memory) => spec.kind !== "shell" || isAdmin(message),
    handler: async (
      _runtime,
      message,
      _state,
      _options,
      callback?: HandlerCallback,
      responses?: Memory[],
    ): Promise<ActionResult> => {
      if (spec.kind === "shell" && !isAdmin(message)) {
        return { success: false, text: `${spec.name}: only the owner may run shell actions` };
      }
      const values = actionParams(responses, names);
      const missing = Object.entries(spec.parameters)
        .filter(([n, p]) => p.required && !values[n])
        .map(([n]) => n);
      if (missing.length > 0) {
        const text = `${spec.name} needs ${missing.join(", ")}.`;
        await callback?.({ text, actions: [spec.name] });
        return { success: false, text };
      }
      const result = await runCustomAction(spec, values);
      await callback?.({ text: result.text, actions: [spec.name] });
      return { success: result.ok, text: result.text, data: { actionName: spec.name, kind: spec.kind } };
    },
  };
}

/** customActions: what the owner's custom actions are, so the model knows it may use them. */
export function createCustomActionsProvider(loaded: () => LoadedCustomAction[], problems: () => string[]): Provider {
  return {
    name: "customActions",
    description: "The owner's custom actions (workspace/custom-actions) the agent may use",
    position: 15,
    get: async () => {
      const list = loaded();
      const lines = list.map(({ spec }) => `- ${spec.name} (${spec.kind}): ${spec.description}${describeParams(spec)}`);
      const bad = problems().length;
      if (lines.length === 0 && bad === 0) return { text: "" };
      const note = bad > 0 ? `\n(${bad} custom action file(s) were not loaded; the Plugins tab says why.)` : "";
      return {
        text: `# Custom actions\n${lines.join("\n") || "(none loaded)"}${note}`,
        values: { customActions: list.map((a) => a.spec.name).join(", ") },
        data: { actions: list.map(({ file, spec }) => ({ file, name: spec.name, kind: spec.kind })) },
      };
    },
  };
}

import type { Action, Evaluator, Plugin, Provider } from "@elizaos/core";
import { agentContract } from "../../src-shared/contracts";
import type { AgentLog, EmitEvent } from "./types";

/**
 * Run-time error boundaries for a plugin that is not Milady's own. elizaOS 1.7.2 has none:
 * composeState runs every provider under one Promise.all, so one throwing `get` fails the
 * whole turn; processActions awaits each handler without a catch, so a throwing action
 * rejects handleMessage after REPLY already answered. Wrapped here, a provider that throws
 * gives the prompt `[provider NAME failed: reason]` and an action that throws is logged,
 * reported as an `agent_event` and returns a failed ActionResult, so the turn goes on.
 */
export interface BoundaryDeps {
  log: AgentLog;
  emit: EmitEvent;
}

const errText = (err: unknown) => (err instanceof Error ? err.message : String(err));
/** One line, bounded: a stack or a huge message must not flood the prompt. */
const short = (text: string) => text.replace(/\s+/g, " ").trim().slice(0, 300);

/** A copy that keeps the prototype (a plugin written as a class keeps its methods). */
function copyWith<T extends object>(original: T, over: Partial<T>): T {
  return Object.assign(Object.create(Object.getPrototypeOf(original)) as T, original, over);
}

export const providerFailedMarker = (name: string, reason: string) => `[provider ${name} failed: ${short(reason)}]`;

function guardProvider(pluginName: string, provider: Provider, deps: BoundaryDeps): Provider {
  if (typeof provider.get !== "function") return provider;
  return copyWith(provider, {
    get: async (runtime, message, state) => {
      try {
        return await provider.get(runtime, message, state);
      } catch (err) {
        const reason = errText(err);
        deps.log.warn("plugins", `plugin ${pluginName}: provider ${provider.name} failed: ${short(reason)}`);
        return { text: providerFailedMarker(provider.name, reason), values: {}, data: { error: short(reason) } };
      }
    },
  });
}

function guardAction(pluginName: string, action: Action, deps: BoundaryDeps): Action {
  if (typeof action.handler !== "function" || typeof action.validate !== "function") return action;
  return copyWith(action, {
    validate: async (runtime, message, state) => {
      try {
        return await action.validate(runtime, message, state);
      } catch (err) {
        deps.log.warn("plugins", `plugin ${pluginName}: action ${action.name} validate failed: ${short(errText(err))}`);
        return false;
      }
    },
    handler: async (runtime, message, state, options, callback, responses) => {
      try {
        return await action.handler(runtime, message, state, options, callback, responses);
      } catch (err) {
        const reason = short(errText(err));
        deps.log.warn("plugins", `plugin ${pluginName}: action ${action.name} failed: ${reason}`);
        deps.emit(agentContract, "agent_event", {
          roomId: message.roomId,
          payload: { kind: "action", action: action.name, plugin: pluginName, error: reason },
        });
        return { success: false, text: `[action ${action.name} failed: ${reason}]`, error: reason };
      }
    },
  });
}

function guardEvaluator(pluginName: string, evaluator: Evaluator, deps: BoundaryDeps): Evaluator {
  const fail = (what: string, err: unknown) =>
    deps.log.warn(
      "plugins",
      `plugin ${pluginName}: evaluator ${evaluator.name} ${what} failed: ${short(errText(err))}`,
    );
  if (typeof evaluator.handler !== "function" || typeof evaluator.validate !== "function") return evaluator;
  return copyWith(evaluator, {
    validate: async (runtime, message, state) => {
      try {
        return await evaluator.validate(runtime, message, state);
      } catch (err) {
        fail("validate", err);
        return false;
      }
    },
    handler: async (runtime, message, state, options, callback, responses) => {
      try {
        return await evaluator.handler(runtime, message, state, options, callback, responses);
      } catch (err) {
        fail("handler", err);
        return undefined;
      }
    },
  });
}

/** A copy of `plugin` whose providers, actions and evaluators cannot take a turn down. */
export function withErrorBoundaries(plugin: Plugin, deps: BoundaryDeps): Plugin {
  return copyWith(plugin, {
    providers: plugin.providers?.map((p) => guardProvider(plugin.name, p, deps)),
    actions: plugin.actions?.map((a) => guardAction(plugin.name, a, deps)),
    evaluators: plugin.evaluators?.map((e) => guardEvaluator(plugin.name, e, deps)),
  });
}

import type { Action, ActionResult, HandlerCallback, Memory } from "@elizaos/core";
import { createTriggerSchema, MIN_TRIGGER_INTERVAL_MS, type TriggerTaskRequest } from "../../../src-shared/protocol";
import { actionParams } from "../../runtime/action-params";
import { isAdmin } from "../../runtime/speaker";
import { turnContext } from "../../runtime/turn-context";

/**
 * TRIGGER_TASK: creates a trigger or runs one. The triggers live in main, so the agent asks
 * through an event (trigger_task_requested) that main's TriggerService carries out; the trigger
 * is checked here with the schema of POST /api/triggers, and main checks the schedule.
 */
export function createTriggerTaskAction(request: (task: TriggerTaskRequest, roomId: string) => void): Action {
  return {
    name: "TRIGGER_TASK",
    similes: ["CREATE_TRIGGER", "SCHEDULE_TASK", "SET_REMINDER", "RUN_TRIGGER"],
    description:
      'Schedules a prompt for later or runs a trigger now. Owner only. To create: <trigger> with JSON {"name","kind":"interval"|"once"|"cron","intervalMs"|"at"|"cron","prompt"}. To run one: <run> with its name or id.',
    validate: async (_runtime, message: Memory) => isAdmin(message),
    handler: async (
      _runtime,
      message,
      _state,
      _options,
      callback?: HandlerCallback,
      responses?: Memory[],
    ): Promise<ActionResult> => {
      const fail = async (text: string): Promise<ActionResult> => {
        await callback?.({ text, actions: ["TRIGGER_TASK"] });
        return { success: false, text };
      };
      if (!isAdmin(message)) return fail("Only the owner may create or run triggers.");
      const { trigger, run } = actionParams(responses, ["trigger", "run"]);
      if (run) {
        request({ op: "run", id: run, name: run }, message.roomId);
        return { success: true, text: `Asked to run trigger ${run}`, data: { actionName: "TRIGGER_TASK", run } };
      }
      if (!trigger)
        return fail(
          "I could not set up a trigger: my answer named none to create or run. Ask again with when and what to do, or add it in the Triggers tab.",
        );
      let json: unknown;
      try {
        json = JSON.parse(trigger);
      } catch {
        return fail(
          "I could not set up the trigger: my answer garbled its details (not JSON). Ask again, or add it in the Triggers tab.",
        );
      }
      const parsed = createTriggerSchema.safeParse(json);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "trigger"}: ${i.message}`).join("; ");
        return fail(`TRIGGER_TASK: the trigger is not valid (${issues}).`);
      }
      // Main checks again (cron, time zone, the conversation), but the agent has no answer from main:
      // what it can check here it says in the reply instead of claiming a trigger it did not make.
      const early = scheduleProblem(parsed.data, Date.now());
      if (early) return fail(`TRIGGER_TASK: ${early}.`);
      // Said in a dashboard conversation: its replies come back there.
      const turn = turnContext.getStore();
      const here = turn && turn.conversationId === message.roomId && !turn.autonomy ? turn.conversationId : undefined;
      const task = { ...parsed.data, ...(parsed.data.conversationId || !here ? {} : { conversationId: here }) };
      request({ op: "create", trigger: task }, message.roomId);
      return {
        success: true,
        text: `Asked to create trigger ${task.name}`,
        data: { actionName: "TRIGGER_TASK", trigger: task },
      };
    },
    examples: [
      [
        { name: "{{user}}", content: { text: "remind me every hour to stretch" } },
        { name: "{{agent}}", content: { text: "I set an hourly reminder.", actions: ["REPLY", "TRIGGER_TASK"] } },
      ],
    ],
  };
}

/** The schedule rules the agent can check itself (the shortest interval, a time in the future). */
export function scheduleProblem(
  trigger: { kind: string; intervalMs?: number; at?: number | string },
  now: number,
): string | undefined {
  if (trigger.kind === "interval" && trigger.intervalMs !== undefined && trigger.intervalMs < MIN_TRIGGER_INTERVAL_MS)
    return `the interval is ${trigger.intervalMs} ms; the shortest is ${MIN_TRIGGER_INTERVAL_MS / 1000} s`;
  if (trigger.kind === "once" && trigger.at !== undefined) {
    const at = typeof trigger.at === "number" ? trigger.at : Date.parse(trigger.at);
    if (Number.isFinite(at) && at <= now) return `the time ${new Date(at).toISOString()} has passed`;
  }
  return undefined;
}

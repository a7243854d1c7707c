import { z } from "zod";
import {
  createTriggerSchema,
  proactiveMessageSchema,
  triggerRunEventSchema,
  triggerRunSchema,
  triggerSchema,
  triggerTaskRequestSchema,
  updateTriggerSchema,
} from "../protocol/triggers";
import { capability, route } from "./define";

const triggerList = z.object({ triggers: z.array(triggerSchema) });
const runList = z.object({ runs: z.array(triggerRunSchema) });

/**
 * Triggers: prompts main sends the agent on a schedule (every N, once at a time, or cron).
 * No agent channel: the scheduler (src-main/triggers/) asks the agent through the
 * conversations channel, like a chat message. Triggers and their run history are kept in
 * <state>/triggers.json.
 */
export const triggersContract = capability({
  name: "triggers",
  events: {
    /** A trigger's reply went into its conversation. */
    proactive_message: proactiveMessageSchema,
    /** A trigger ran or was skipped. */
    trigger_run: triggerRunEventSchema,
    /** From the agent (TRIGGER_TASK): create a trigger or run one; main's TriggerService does it. */
    trigger_task_requested: triggerTaskRequestSchema,
  },
  routes: {
    list: route({
      method: "GET",
      path: "/api/triggers",
      response: triggerList,
      errors: [],
      summary: "every trigger, with its next run",
    }),
    create: route({
      method: "POST",
      path: "/api/triggers",
      body: createTriggerSchema,
      response: triggerSchema,
      status: 201,
      errors: ["validation_failed", "not_found"],
      summary: "add a trigger (interval >= 10 s, once in the future, a valid cron; the conversation must exist)",
    }),
    get: route({
      method: "GET",
      path: "/api/triggers/:id",
      response: triggerSchema,
      errors: ["not_found"],
      summary: "one trigger",
    }),
    update: route({
      method: "PATCH",
      path: "/api/triggers/:id",
      body: updateTriggerSchema,
      response: triggerSchema,
      errors: ["not_found", "validation_failed"],
      summary: "change a trigger (enable, disable, its schedule or prompt); null clears an optional field",
    }),
    remove: route({
      method: "DELETE",
      path: "/api/triggers/:id",
      response: z.object({ deleted: z.literal(true) }),
      errors: ["not_found"],
      summary: "delete a trigger and its run history",
    }),
    runs: route({
      method: "GET",
      path: "/api/triggers/:id/runs",
      response: runList,
      errors: ["not_found"],
      summary: "the trigger's last runs (at most 100), newest first",
    }),
    run: route({
      method: "POST",
      path: "/api/triggers/:id/run",
      response: triggerRunSchema,
      errors: ["not_found", "conflict"],
      summary: "run it now and answer the run (conflict while it is already running); the schedule is unchanged",
    }),
  },
});

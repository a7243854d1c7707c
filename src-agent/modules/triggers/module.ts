import { triggersContract } from "../../../src-shared/contracts";
import { defineAgentModule } from "../module";
import { createTriggerTaskAction } from "./trigger-task-action";

/** The agent's side of triggers (they live in main): TRIGGER_TASK asks main through an event. */
export const triggersModule = defineAgentModule(triggersContract, ({ emit }) => ({
  handlers: {},
  plugin: { actions: [createTriggerTaskAction((task) => emit(triggersContract, "trigger_task_requested", task))] },
}));

export { triggersFeature } from "./feature";
export { describeSchedule, triggerBody, validateTriggerForm } from "./trigger-form";
export { TriggersView } from "./triggers-view";

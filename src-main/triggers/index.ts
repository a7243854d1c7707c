export { checkSchedule, nextRun } from "./schedule";
export { type Clock, realClock, TriggerService, type TriggerServiceOptions } from "./trigger-service";

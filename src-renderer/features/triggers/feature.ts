import { applyTriggerRun } from "../../stores";
import { defineFeature } from "../feature";
import { TriggersView } from "./triggers-view";

export const triggersFeature = defineFeature({
  id: "triggers",
  label: "Triggers",
  icon: "M12 7v5l3 3M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z",
  View: TriggersView,
  layout: "page",
  events: {
    trigger_run: (ev) => applyTriggerRun(ev.payload),
  },
});

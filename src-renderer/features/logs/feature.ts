import { defineFeature } from "../feature";
import { LogsView } from "./logs-view";

export const logsFeature = defineFeature({
  id: "logs",
  label: "Logs",
  icon: "M4 6h16M4 10h16M4 14h10M4 18h7",
  View: LogsView,
  layout: "fill",
});

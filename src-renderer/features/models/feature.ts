import { applyModelProgress } from "../../stores";
import { defineFeature } from "../feature";
import { ModelsView } from "./models-view";

export const modelsFeature = defineFeature({
  id: "models",
  label: "Models",
  icon: "M12 3l8 4.5v9L12 21l-8-4.5v-9zM12 12l8-4.5M12 12v9M12 12L4 7.5",
  View: ModelsView,
  layout: "page",
  events: { model_progress: (ev) => applyModelProgress(ev.payload) },
});

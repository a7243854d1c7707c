import { defineFeature } from "../feature";
import { PluginsView } from "./plugins-view";

export const pluginsFeature = defineFeature({
  id: "plugins",
  label: "Plugins",
  icon: "M9 3v4M15 3v4M6 7h12v5a6 6 0 0 1-12 0zM12 18v3",
  View: PluginsView,
  layout: "page",
});

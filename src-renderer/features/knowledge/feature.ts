import { defineFeature } from "../feature";
import { KnowledgeView } from "./knowledge-view";

export const knowledgeFeature = defineFeature({
  id: "knowledge",
  label: "Knowledge",
  icon: "M5 4h10l4 4v12H5zM15 4v4h4M8 12h8M8 16h6",
  View: KnowledgeView,
  layout: "page",
  phoneBar: true,
});

export { knowledgeFeature } from "./feature";
export { KnowledgeView } from "./knowledge-view";
export { validateKnowledgeFile } from "./validate-upload";

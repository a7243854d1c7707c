export { KnowledgeView } from "./knowledge-view";
export { validateKnowledgeFile } from "./validate-upload";

export { extensionCandidates } from "./load-extensions";
export { connectorsModule } from "./module";

export { extensionFailed, guardExtension } from "./guard-extension";
export { extensionCandidates } from "./load-extensions";
export { connectorsModule } from "./module";

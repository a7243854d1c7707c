export { extensionFailed, guardExtension } from "./guard-extension";
export { connectorsModule } from "./module";

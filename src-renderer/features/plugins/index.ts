export { pluginsFeature } from "./feature";
export { PluginsView } from "./plugins-view";

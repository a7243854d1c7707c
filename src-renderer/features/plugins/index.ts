export { PluginsView } from "./plugins-view";

export { settingsFeature } from "./feature";
export { SettingsView } from "./settings-view";
export { UpdatesCard } from "./updates-card";

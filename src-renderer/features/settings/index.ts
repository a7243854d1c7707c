export { settingsFeature } from "./feature";
export { SettingsView } from "./settings-view";

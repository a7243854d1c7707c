export { modelsFeature } from "./feature";
export { LocalModelPicker } from "./local-model-picker";
export { ModelsView } from "./models-view";
export { keyFor, PROVIDERS, type ProviderId } from "./providers";
export { SecretInput } from "./secret-input";

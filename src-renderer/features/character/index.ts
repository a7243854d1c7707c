export { type CharacterForm, type FieldErrors, toForm, validateForm } from "./character-form-model";
export { CharacterView } from "./character-view";
export { characterFeature } from "./feature";

export * from "./milady";
export * from "./scripted-model";

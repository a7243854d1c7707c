export * from "./scripted-model";

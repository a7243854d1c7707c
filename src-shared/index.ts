export * from "./config";
export * from "./protocol";
export { newId } from "./ids";

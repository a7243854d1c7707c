export * from "./config";
export { newId } from "./ids";
export * from "./protocol";

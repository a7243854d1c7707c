export * from "./mask";
export * from "./schema";

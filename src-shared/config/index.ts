export * from "./database-choice";
export * from "./extensions-schema";
export * from "./mask";
export * from "./schema";

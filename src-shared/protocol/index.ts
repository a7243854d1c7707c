export * from "./agent-state";
export * from "./api";
export * from "./character";
export * from "./conversations";
export * from "./errors";
export * from "./events";
export * from "./host";
export * from "./knowledge";

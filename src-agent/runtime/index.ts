export { MILADY_AGENT_ID, toElizaCharacter } from "./character-map";
export { isPgliteCorruption, moveCorruptDataDir, resetPgliteSingleton } from "./pglite-recovery";
export { isDisabled } from "./plugin-loader";
export { type AgentHandle, startAgent } from "./start-agent";
export { type TurnContext, turnContext } from "./turn-context";
export { type AgentDeps, type AgentLog, type EmitEvent, eventEmitter, type LogLevel } from "./types";

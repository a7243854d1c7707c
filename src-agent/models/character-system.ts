import type { IAgentRuntime } from "@elizaos/core";

/**
 * The character's system prompt, as elizaOS's cloud model plugins send it with each call. Without
 * one node-llama-cpp puts its own generic assistant prompt first, not the character's.
 */
export const characterSystem = (runtime: IAgentRuntime | undefined): string => runtime?.character?.system ?? "";

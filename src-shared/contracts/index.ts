import { agentContract } from "./agent";
import { archiveContract } from "./archive";
import { autonomyContract } from "./autonomy";
import { avatarContract } from "./avatar";
import { characterContract } from "./character";
import { configContract } from "./config";
import { connectorsContract } from "./connectors";
import { conversationsContract } from "./conversations";
import type { Capability } from "./define";
import { desktopContract } from "./desktop";
import { knowledgeContract } from "./knowledge";
import { lanContract } from "./lan";
import { logsContract } from "./logs";
import { modelsContract } from "./models";
import { noticesContract } from "./notices";
import { openaiContract } from "./openai";
import { pluginsContract } from "./plugins";
import { systemContract } from "./system";
import { triggersContract } from "./triggers";
import { updatesContract } from "./updates";
import { workspaceContract } from "./workspace";

export * from "./agent";
export * from "./archive";
export * from "./autonomy";
export * from "./avatar";
export * from "./character";
export * from "./config";
export * from "./connectors";
export * from "./conversations";
export * from "./define";
export * from "./desktop";
export * from "./knowledge";
export * from "./lan";
export * from "./logs";
export * from "./models";
export * from "./notices";
export * from "./openai";
export * from "./plugins";
export * from "./system";
export * from "./triggers";
export * from "./updates";
export * from "./workspace";

/**
 * Every capability, by name. A new capability is one more contract file and one line here;
 * the server, the client and the agent host find its routes, methods and events through this map.
 */
export const CONTRACTS = {
  system: systemContract,
  agent: agentContract,
  conversations: conversationsContract,
  character: characterContract,
  config: configContract,
  knowledge: knowledgeContract,
  models: modelsContract,
  plugins: pluginsContract,
  avatar: avatarContract,
  logs: logsContract,
  desktop: desktopContract,
  notices: noticesContract,
  updates: updatesContract,
  lan: lanContract,
  triggers: triggersContract,
  connectors: connectorsContract,
  workspace: workspaceContract,
  autonomy: autonomyContract,
  openai: openaiContract,
  archive: archiveContract,
} as const satisfies Record<string, Capability>;

export type Contracts = typeof CONTRACTS;
export type CapabilityName = keyof Contracts;

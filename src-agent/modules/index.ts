import { archiveModule } from "./archive/module";
import { autonomyModule } from "./autonomy";
import { avatarModule } from "./avatar";
import { characterModule } from "./character";
import { connectorsModule } from "./connectors/module";
import { conversationsModule } from "./conversations";
import { knowledgeModule } from "./knowledge";
import type { AgentModule } from "./module";
import { openaiModule } from "./openai";
import { triggersModule } from "./triggers";
import { workspaceModule } from "./workspace";

export type {
  AgentModule,
  EmitEvent,
  MethodHandler,
  ModuleContext,
  ModuleInstance,
  PluginParts,
  RequestContext,
} from "./module";
export { defineAgentModule } from "./module";

/**
 * Every capability the agent serves. A new one is a folder here and one line in this list;
 * the host loop dispatches `request {channel, method}` to it and its plugin parts join the Milady plugin.
 */
export const AGENT_MODULES: readonly AgentModule[] = [
  conversationsModule,
  characterModule,
  knowledgeModule,
  avatarModule,
  connectorsModule,
  workspaceModule,
  triggersModule,
  autonomyModule,
  openaiModule,
  archiveModule,
];

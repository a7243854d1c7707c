import type { AgentController } from "../../agent-host/types";
import type { AgentArchive } from "../../archive";
import type { ConfigStore } from "../../config/types";
import type { LogHub } from "../../logging";
import type { ModelDownloads } from "../../models";
import type { NoticeBoard } from "../../notices";
import type { PluginManager } from "../../plugins/manager";
import type { TriggerService } from "../../triggers";
import type { UpdatesService } from "../../update";
import type { ContractRouteOptions } from "../contract-routes";
import type { Drain } from "../drain";
import type { EventBus } from "../event-bus";
import type { RouteDef } from "../router";
import { agentRoutes, bridgeStatusEvents } from "./agent";
import { archiveRoutes } from "./archive";
import { autonomyRoutes, bridgeAutonomyEvents, workspaceRoutes } from "./autonomy";
import { avatarRoutes } from "./avatar";
import { characterRoutes } from "./character";
import { configRoutes } from "./config";
import { connectorRoutes } from "./connectors";
import { bridgeConversationEvents, conversationRoutes } from "./conversations";
import { type DesktopControl, desktopRoutes } from "./desktop";
import { knowledgeRoutes } from "./knowledge";
import { type LanControl, lanRoutes } from "./lan";
import { bridgeLogEvents, logRoutes } from "./logs";
import { bridgeModelEvents, modelRoutes } from "./models";
import { noticeRoutes } from "./notices";
import { openaiRoutes } from "./openai";
import { pluginRoutes } from "./plugins";
import { systemRoutes } from "./system";
import { triggerRoutes } from "./triggers";
import { updateRoutes } from "./updates";

/** Everything a route group may ask for; each group's function names the part it uses. */
export interface ApiDeps extends ContractRouteOptions {
  agent: AgentController;
  /** Long work (chat turns, uploads) runs through it so a shutdown can answer it instead of cutting it. */
  drain: Drain;
  config: ConfigStore;
  logs: LogHub;
  events: EventBus;
  downloads?: ModelDownloads;
  notices?: NoticeBoard;
  /** The trigger scheduler; /api/triggers is empty (and the rest 404) without it. */
  triggers?: TriggerService;
  /** The plugin manager (install, configure, eject); /api/plugins makes one from config when absent. */
  plugins?: PluginManager;
  /** New versions (headless registry or the desktop updater); /api/updates answers 404 without it. */
  updates?: UpdatesService;
  version: string;
  startedAt: number;
  defaultAvatarFile: string;
  requestRestart?: () => unknown;
  /** The desktop layer, in the desktop app only (POST /api/desktop/focus answers 404 without it). */
  desktop?: DesktopControl;
  /** LAN access (pairing, devices); the LAN routes answer 404 without it. */
  lan?: LanControl;
  /** Agent export / import (.milady archives); the routes answer 404 without it. */
  archive?: AgentArchive;
}

/** One entry per capability: its routes, and the bridge from its agent events to /ws when it has one. */
const API_GROUPS: Array<{ routes(deps: ApiDeps): RouteDef[]; bridge?(deps: ApiDeps): () => void }> = [
  { routes: systemRoutes },
  { routes: agentRoutes, bridge: bridgeStatusEvents },
  { routes: conversationRoutes, bridge: bridgeConversationEvents },
  { routes: characterRoutes },
  { routes: configRoutes },
  { routes: logRoutes, bridge: bridgeLogEvents },
  { routes: pluginRoutes },
  { routes: knowledgeRoutes },
  { routes: modelRoutes, bridge: bridgeModelEvents },
  { routes: avatarRoutes },
  { routes: desktopRoutes },
  { routes: noticeRoutes },
  { routes: updateRoutes },
  { routes: lanRoutes },
  { routes: triggerRoutes },
  { routes: connectorRoutes },
  { routes: workspaceRoutes },
  { routes: autonomyRoutes, bridge: bridgeAutonomyEvents },
  { routes: openaiRoutes },
  { routes: archiveRoutes },
];

export function apiRoutes(deps: ApiDeps): RouteDef[] {
  return API_GROUPS.flatMap((group) => group.routes(deps));
}

/** Subscribes every group's bridge; returns one function that undoes them all. */
export function bridgeAgentEvents(deps: ApiDeps): () => void {
  const off = API_GROUPS.flatMap((group) => (group.bridge ? [group.bridge(deps)] : []));
  return () => {
    for (const unsubscribe of off) unsubscribe();
  };
}

export { safeAvatarName } from "./avatar";
export type { DesktopControl } from "./desktop";
export type { LanControl } from "./lan";
export { buildGlb, checkVrm, type VrmCheck } from "./vrm";

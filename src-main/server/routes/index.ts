import type { RouteDef } from "../router";
import { agentRoutes } from "./agent";
import { avatarRoutes } from "./avatar";
import { characterRoutes } from "./character";
import { configRoutes } from "./config";
import { conversationRoutes } from "./conversations";
import { healthRoutes } from "./health";
import { knowledgeRoutes } from "./knowledge";
import { logRoutes } from "./logs";
import { modelRoutes } from "./models";
import { pluginRoutes } from "./plugins";
import { serverRoutes } from "./server-control";

/** Every /api route. Order matters only for identical patterns (none here). */
export const API_ROUTES: readonly RouteDef[] = [
  ...healthRoutes,
  ...agentRoutes,
  ...conversationRoutes,
  ...characterRoutes,
  ...configRoutes,
  ...logRoutes,
  ...pluginRoutes,
  ...knowledgeRoutes,
  ...modelRoutes,
  ...avatarRoutes,
  ...serverRoutes,
];

export { AVATAR_MAX_BYTES, safeAvatarName } from "./avatar";
export { buildGlb, checkVrm, type VrmCheck } from "./vrm";

export { bodyLimitOf, limitBody, matchRoute, requireCaller, runRoute } from "./api";
export { addCorsHeaders, answerPreflight, catchErrors, guardOrigin, refuseWhileDraining } from "./guards";
export { isOpenAiPath, shapeOpenAiErrors } from "./openai";
export { type Area, areaOf, compose, type HttpContext, type Middleware, type Next, type Outcome } from "./pipeline";
export { serveDashboard } from "./static-files";
export { upgradeWebSocket } from "./websocket";

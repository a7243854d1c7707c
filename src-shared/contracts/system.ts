import { z } from "zod";
import { healthResponseSchema, statusResponseSchema } from "../protocol/api";
import { capability, route } from "./define";

/** The server itself: liveness, the status snapshot, and a whole-process restart. */
export const systemContract = capability({
  name: "system",
  routes: {
    health: route({
      method: "GET",
      path: "/api/health",
      response: healthResponseSchema,
      access: "public",
      errors: [],
      summary: "answers at once, even while the agent starts; without the token only {ok}",
    }),
    status: route({
      method: "GET",
      path: "/api/status",
      response: statusResponseSchema,
      errors: [],
      summary: "agent state, model, why it cannot reply, plugins, database; plus runId and seq for /ws",
    }),
    restart: route({
      method: "POST",
      path: "/api/server/restart",
      response: z.object({ restarting: z.literal(true) }),
      status: 202,
      errors: ["not_found"],
      access: "owner",
      summary: "restart the whole process (the runner relaunches it; owner only)",
    }),
  },
});

import { z } from "zod";
import { logLevelSchema } from "../config/schema";
import { logLineSchema } from "../protocol/events";
import { capability, route, wholeNumberParam } from "./define";

export const LOG_TAIL_DEFAULT = 200;
export const LOG_TAIL_MAX = 2000;

const tailQuery = z.object({
  limit: wholeNumberParam(0, LOG_TAIL_MAX, LOG_TAIL_DEFAULT),
  /** Keeps this level and everything more severe. */
  level: logLevelSchema.optional(),
});

/** Log lines of main and the agent: a recent tail, or a live stream. */
export const logsContract = capability({
  name: "logs",
  events: {
    log: z.object({ line: logLineSchema }),
  },
  routes: {
    tail: route({
      method: "GET",
      path: "/api/logs",
      // The log is the owner's: what the agent did for everyone, which a paired phone has no need to read.
      access: "owner",
      query: tailQuery,
      response: z.object({ lines: z.array(logLineSchema) }),
      stream: logLineSchema,
      /** Browsers' EventSource cannot set Accept; JSON is asked for explicitly. */
      defaultsToStream: true,
      errors: ["validation_failed"],
      summary: "recent lines then a live tail (SSE), or {lines} with Accept: application/json",
    }),
  },
});

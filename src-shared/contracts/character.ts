import { z } from "zod";
import { characterSchema } from "../protocol/character";
import { capability, method, route } from "./define";

/** Who the agent is: saved in milady.json, applied live to a running agent. */
export const characterContract = capability({
  name: "character",
  channel: {
    apply: method(z.object({ character: characterSchema }), z.object({ ok: z.literal(true) })),
  },
  routes: {
    get: route({
      method: "GET",
      path: "/api/character",
      response: z.object({ character: characterSchema }),
      errors: [],
      summary: "the character",
    }),
    put: route({
      method: "PUT",
      path: "/api/character",
      /**
       * Any character JSON: Milady's own, or an elizaOS 0.x / 1.x character file. The route
       * normalises it (src-shared/character) and answers every problem at once with a fix.
       */
      body: z.unknown(),
      response: z.object({
        /** The character as saved (normalised). */
        character: characterSchema,
        /** Fields that were dropped, each "path: why". */
        ignored: z.array(z.string()),
        /** What was converted on the way in (shapes, lore into bio, empty entries dropped...). */
        notes: z.array(z.string()),
        /** True when the running agent took it at once (else: at its next start). */
        applied: z.boolean(),
        applyError: z.string().optional(),
      }),
      errors: ["validation_failed"],
      summary: "replace the character (any elizaOS character file) and apply it to the running agent",
    }),
  },
});

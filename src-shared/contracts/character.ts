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
      body: characterSchema,
      response: z.object({
        character: characterSchema,
        /** True when the running agent took it at once (else: at its next start). */
        applied: z.boolean(),
        applyError: z.string().optional(),
      }),
      errors: ["validation_failed"],
      summary: "replace the character and apply it to the running agent",
    }),
  },
});

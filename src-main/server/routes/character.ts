import { characterSchema } from "../../../src-shared/protocol";
import { readJson } from "../body";
import { asWireError, json } from "../respond";
import type { RouteDef } from "../router";
import { maxBody } from "./limits";

/** States in which the agent has a runtime that can take the new character at once. */
const LIVE_STATES = new Set(["running", "paused"]);

export const characterRoutes: RouteDef[] = [
  {
    method: "GET",
    path: "/api/character",
    handler: (ctx) => json({ character: ctx.options.config.current().character }),
  },
  {
    method: "PUT",
    path: "/api/character",
    handler: async (ctx) => {
      const character = await readJson(ctx.request, characterSchema, maxBody(ctx));
      await ctx.options.config.setCharacter(character);
      let applied = false;
      let applyError: string | undefined;
      if (LIVE_STATES.has(ctx.options.agent.status().state)) {
        try {
          await ctx.options.agent.request({ type: "set_character", character });
          applied = true;
        } catch (error) {
          // Saved is what matters; the next start picks it up. Tell the client either way.
          applyError = asWireError(error)?.message ?? "the running agent did not accept it";
          ctx.log.warn(`character saved but not applied to the running agent: ${applyError}`);
        }
      }
      return json({
        character: ctx.options.config.current().character,
        applied,
        ...(applyError ? { applyError } : {}),
      });
    },
  },
];

import { describeCharacterProblems, normaliseCharacter } from "../../../src-shared/character";
import { characterContract } from "../../../src-shared/contracts";
import { MiladyError } from "../../../src-shared/protocol";
import type { AgentController } from "../../agent-host/types";
import type { ConfigStore } from "../../config/types";
import { type ContractRouteOptions, implementRoutes } from "../contract-routes";
import { asWireError } from "../respond";

/** States in which the agent has a runtime that can take the new character at once. */
const LIVE_STATES = new Set(["running", "paused"]);

export function characterRoutes(deps: { agent: AgentController; config: ConfigStore } & ContractRouteOptions) {
  const { agent, config, log } = deps;
  return implementRoutes(
    characterContract,
    {
      get: async () => ({ character: config.current().character }),
      put: async ({ body }) => {
        // The body is any character JSON; one pass turns it into Milady's form or lists every problem.
        const result = normaliseCharacter(body);
        if (!result.ok) {
          const { message, fix } = describeCharacterProblems(result.problems);
          throw new MiladyError("validation_failed", message, fix);
        }
        const { character, ignored, notes } = result;
        await config.setCharacter(character);
        let applied = false;
        let applyError: string | undefined;
        if (LIVE_STATES.has(agent.status().state)) {
          try {
            await agent.call(characterContract, "apply", { character });
            applied = true;
          } catch (error) {
            // Saved is what matters; the next start picks it up. Tell the client either way.
            applyError = asWireError(error)?.message ?? "the running agent did not accept it";
            log.warn(`character saved but not applied to the running agent: ${applyError}`);
          }
        }
        return {
          character: config.current().character,
          ignored,
          notes,
          applied,
          ...(applyError ? { applyError } : {}),
        };
      },
    },
    deps,
  );
}

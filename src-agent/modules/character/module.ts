import { characterContract } from "../../../src-shared/contracts";
import { MILADY_AGENT_ID, toElizaCharacter } from "../../runtime/character-map";
import { defineAgentModule } from "../module";

/** Applies a character edit (a rename too) to the running agent; the id and settings stay. */
export const characterModule = defineAgentModule(characterContract, ({ runtime }) => ({
  handlers: {
    apply: async ({ character }) => {
      const next = toElizaCharacter(character);
      const current = runtime.character;
      Object.assign(current, { ...next, id: current.id, settings: current.settings, secrets: current.secrets });
      await runtime.updateAgent(MILADY_AGENT_ID, { ...next, id: MILADY_AGENT_ID, settings: current.settings });
      return { ok: true as const };
    },
  },
}));

import type { UUID } from "@elizaos/core";
import { characterContract } from "../../../src-shared/contracts";
import { toElizaCharacter } from "../../runtime/character-map";
import { defineAgentModule } from "../module";

/** Applies a character edit (a rename too) to the running agent; the id and settings stay. */
export const characterModule = defineAgentModule(characterContract, ({ runtime }) => ({
  handlers: {
    apply: async ({ character }) => {
      const id = runtime.agentId as UUID;
      const next = toElizaCharacter(character, id);
      const current = runtime.character;
      Object.assign(current, { ...next, id: current.id, settings: current.settings, secrets: current.secrets });
      await runtime.updateAgent(id, { ...next, id, settings: current.settings });
      return { ok: true as const };
    },
  },
}));

import { type Character as ElizaCharacter, stringToUuid, type UUID } from "@elizaos/core";
import type { Character } from "../../src-shared/protocol";

/**
 * One agent per state directory (each profile has its own database), so the id
 * is fixed: renaming the agent must not hide its conversations, which belong to the id.
 */
export const MILADY_AGENT_ID: UUID = stringToUuid("milady-agent");

/** Maps the user-editable character to an elizaOS Character. Secrets never go here (they would be stored in the agents table). */
export function toElizaCharacter(c: Character): ElizaCharacter {
  return {
    id: MILADY_AGENT_ID,
    name: c.name,
    username: c.name.toLowerCase().replace(/[^a-z0-9]+/g, "_"),
    bio: c.bio,
    system: c.system || undefined,
    adjectives: c.adjectives,
    topics: c.topics,
    style: { all: c.style.all, chat: c.style.chat, post: [] },
    messageExamples: c.messageExamples.map((ex) =>
      ex.map((line) => ({ name: line.name, content: { text: line.text } })),
    ),
    postExamples: [],
    plugins: [],
    settings: {},
  } as ElizaCharacter;
}

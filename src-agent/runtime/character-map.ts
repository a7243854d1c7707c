import { type Character as ElizaCharacter, stringToUuid, type UUID } from "@elizaos/core";
import type { Character } from "../../src-shared/protocol";
import { STABLE_MESSAGE_HANDLER_TEMPLATE } from "./message-handler-template";

/**
 * The id agents had before main gave each state directory its own (boot.agentId, from
 * `<state>/agent-id`); main keeps it for a state directory whose database predates that.
 */
export const MILADY_AGENT_ID: UUID = stringToUuid("milady-agent");

/** The handle elizaOS gives connectors when the character has none: "Ada Lovelace" -> "ada_lovelace". */
const usernameFor = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, "_");

/**
 * Maps the user-editable character to an elizaOS Character. Secrets never go here (they would
 * be stored in the agents table). Passed through: what elizaOS reads to build prompts
 * (templates, postExamples, style.post, username). Kept in milady.json but not passed:
 * `plugins` (loading a character's plugins is a later feature), `settings` (a character's
 * settings win over the runtime's in getSetting, so they could replace Milady's model and
 * database choices), `knowledge` (nothing in the runtime loads it yet).
 */
export function toElizaCharacter(c: Character, id: UUID): ElizaCharacter {
  return {
    id,
    name: c.name,
    username: c.username ?? usernameFor(c.name),
    bio: c.bio,
    system: c.system || undefined,
    adjectives: c.adjectives,
    topics: c.topics,
    style: { all: c.style.all, chat: c.style.chat, post: c.style.post ?? [] },
    messageExamples: c.messageExamples.map((ex) =>
      ex.map((line) => ({ name: line.name, content: { text: line.text } })),
    ),
    postExamples: c.postExamples ?? [],
    // Always an object, so applying a character without templates drops the old ones. Milady's
    // reply template (a stable order a local model can reuse); the character's own wins.
    templates: { messageHandlerTemplate: STABLE_MESSAGE_HANDLER_TEMPLATE, ...c.templates },
    plugins: [],
    settings: {},
  } as ElizaCharacter;
}

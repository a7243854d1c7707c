import type { Character } from "./character";

/** Parts of a character that are not prose about the agent: a rename leaves them alone. */
const UNTOUCHED_KEYS = new Set(["settings", "plugins", "knowledge", "templates", "username", "secrets"]);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Renames the agent everywhere its old name is written: bio, system prompt, style, topics and
 * the message examples (their speaker and their text). A whole-word match only, so renaming
 * "Milady" does not touch "Miladyverse" or "milady" in lower case.
 */
export function renameCharacter<C extends Character>(character: C, nextName: string): C {
  const oldName = character.name;
  const name = nextName.trim();
  if (!name || name === oldName) return character;
  const word = new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(oldName)}(?![\\p{L}\\p{N}_])`, "gu");
  const swap = (value: unknown, key?: string): unknown => {
    if (key !== undefined && UNTOUCHED_KEYS.has(key)) return value;
    if (typeof value === "string") return value.replace(word, name);
    if (Array.isArray(value)) return value.map((item) => swap(item));
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swap(v, k)]));
    }
    return value;
  };
  return { ...(swap(character) as C), name };
}

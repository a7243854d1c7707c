import type { Character } from "../protocol/character";

/** The elizaOS 1.x character file shape (what `elizaos start --character FILE` loads). */
export interface ElizaCharacterFile {
  name: string;
  username?: string;
  system?: string;
  bio: string[];
  adjectives: string[];
  topics: string[];
  style: { all: string[]; chat: string[]; post?: string[] };
  messageExamples: { name: string; content: { text: string } }[][];
  postExamples?: string[];
  knowledge?: Character["knowledge"];
  plugins?: string[];
  settings?: Record<string, unknown>;
  templates?: Record<string, string>;
}

/**
 * Milady's character as an elizaOS character file. It passes @elizaos/core's own
 * `validateCharacter` (a strict schema: no Milady-only keys), carries no secret (the
 * character never holds one; they stay in the state .env) and no id (the id belongs to
 * the state directory). The user's side of examples is written `{{name1}}`, elizaOS 1.x's
 * placeholder; importing the file gives back the same Milady character.
 */
export function toElizaCharacterFile(c: Character): ElizaCharacterFile {
  // elizaOS settings take no null values; a null in Milady's settings means "unset".
  const settings = Object.fromEntries(Object.entries(c.settings ?? {}).filter(([, v]) => v !== null));
  return {
    name: c.name,
    ...(c.username ? { username: c.username } : {}),
    ...(c.system ? { system: c.system } : {}),
    bio: [...c.bio],
    adjectives: [...c.adjectives],
    topics: [...c.topics],
    style: { all: [...c.style.all], chat: [...c.style.chat], ...(c.style.post ? { post: [...c.style.post] } : {}) },
    messageExamples: c.messageExamples.map((exchange) =>
      exchange.map((line) => ({
        name: line.name === "{{user}}" ? "{{name1}}" : line.name,
        content: { text: line.text },
      })),
    ),
    ...(c.postExamples ? { postExamples: [...c.postExamples] } : {}),
    ...(c.knowledge ? { knowledge: structuredClone(c.knowledge) } : {}),
    ...(c.plugins ? { plugins: [...c.plugins] } : {}),
    ...(Object.keys(settings).length > 0 ? { settings: structuredClone(settings) } : {}),
    ...(c.templates ? { templates: { ...c.templates } } : {}),
  };
}

/** "Ada Lovelace" -> "ada-lovelace.character.json": a file name any system accepts. */
export function exportFileName(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, "-")
    .slice(0, 64);
  return `${base || "character"}.character.json`;
}

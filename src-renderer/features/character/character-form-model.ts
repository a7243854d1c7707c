import { CHARACTER_LIMITS, type Character, characterSchema } from "../../../src-shared/protocol/character";

/** Fields of the character the form shows; everything else rides along in `hidden`. */
type ShownField = "name" | "bio" | "system" | "style" | "adjectives" | "topics" | "messageExamples";

/**
 * What the form does not show (postExamples, knowledge, plugins, settings, templates,
 * username, style.post: an imported character file has them). Carried through untouched
 * so a save keeps them; "Reset to default" resets them too, since it starts from the default.
 */
export type HiddenFields = Omit<Character, ShownField> & { stylePost?: string[] };

/** Form state: list fields are edited as one line per entry, which is how people write bios and style rules. */
export interface CharacterForm {
  name: string;
  bio: string;
  system: string;
  styleAll: string;
  styleChat: string;
  adjectives: string;
  topics: string;
  examples: { name: string; text: string }[][];
  hidden: HiddenFields;
}

const lines = (s: string) =>
  s
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

export function toForm(c: Character): CharacterForm {
  const { name: _n, bio: _b, system: _s, style, adjectives: _a, topics: _t, messageExamples: _m, ...rest } = c;
  return {
    name: c.name,
    bio: c.bio.join("\n"),
    system: c.system,
    styleAll: c.style.all.join("\n"),
    styleChat: c.style.chat.join("\n"),
    adjectives: c.adjectives.join("\n"),
    topics: c.topics.join("\n"),
    examples: c.messageExamples.map((ex) => ex.map((m) => ({ ...m }))),
    hidden: { ...structuredClone(rest), ...(style.post ? { stylePost: [...style.post] } : {}) },
  };
}

/** Form field each schema path belongs to, so an error lands next to the input that caused it. */
function fieldOf(path: PropertyKey[]): string {
  const [head, second, third, fourth] = path;
  if (head === "style") return second === "chat" ? "styleChat" : "styleAll";
  if (head === "messageExamples") {
    return typeof second === "number"
      ? `examples.${second}${typeof third === "number" ? `.${third}.${String(fourth ?? "text")}` : ""}`
      : "examples";
  }
  return String(head ?? "form");
}

const FRIENDLY: Record<string, string> = {
  name: "Give the character a name (up to 64 characters).",
  bio: `Write at least one bio line (up to ${CHARACTER_LIMITS.bioLine.toLocaleString("en")} characters each, ${CHARACTER_LIMITS.bioLines} lines).`,
};

export type FieldErrors = Record<string, string>;

/** Validates with the same zod schema the server uses; returns the Character or field errors. */
export function validateForm(
  f: CharacterForm,
): { ok: true; character: Character } | { ok: false; errors: FieldErrors } {
  const { stylePost, ...hidden } = f.hidden;
  const input = {
    ...hidden,
    name: f.name,
    bio: lines(f.bio),
    system: f.system,
    style: { all: lines(f.styleAll), chat: lines(f.styleChat), ...(stylePost ? { post: stylePost } : {}) },
    adjectives: lines(f.adjectives),
    topics: lines(f.topics),
    messageExamples: f.examples,
  };
  const r = characterSchema.safeParse(input);
  if (r.success) return { ok: true, character: r.data };
  const errors: FieldErrors = {};
  for (const issue of r.error.issues) {
    const key = fieldOf(issue.path);
    if (errors[key]) continue;
    const line =
      typeof issue.path[1] === "number" && key !== "examples" && !key.startsWith("examples")
        ? ` (line ${issue.path[1] + 1})`
        : "";
    errors[key] = FRIENDLY[key] && !line ? FRIENDLY[key] : `${issue.message}${line}`;
  }
  return { ok: false, errors };
}

import { CHARACTER_LIMITS as L } from "../protocol/character";

/**
 * Text helpers for Tavern cards: their placeholders and their example-dialogue format.
 * Cards write `{{char}}` / `{{user}}` (older ones `<BOT>` / `<USER>`); Milady's examples
 * use `{{user}}` for the user's side and the agent's name for its own.
 */

const CHAR = /\{\{char\}\}|<BOT>/gi;
const USER = /\{\{user\}\}|<USER>/gi;

/** In prose about the agent (bio, system prompt, knowledge): the agent's name, and "the user". */
export function fillProse(text: string, charName: string): string {
  return text.replace(CHAR, charName).replace(USER, "the user");
}

/** In example messages: the agent's name, and Milady's `{{user}}` placeholder. */
export function fillExample(text: string, charName: string): string {
  return text.replace(CHAR, charName).replace(USER, "{{user}}");
}

/**
 * Prose as bio lines: one line per paragraph (cards write a description as one long text),
 * and a paragraph longer than a bio line is split at sentence ends, then at spaces.
 */
export function toLines(text: string, max: number = L.bioLine): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let rest = paragraph.trim();
    while (rest.length > max) {
      const window = rest.slice(0, max);
      const sentence = Math.max(window.lastIndexOf(". "), window.lastIndexOf("! "), window.lastIndexOf("? "));
      const cut = sentence > max / 2 ? sentence + 1 : window.lastIndexOf(" ") > 0 ? window.lastIndexOf(" ") : max;
      out.push(rest.slice(0, cut).trim());
      rest = rest.slice(cut).trim();
    }
    if (rest) out.push(rest);
  }
  return out;
}

export interface ExampleLine {
  name: string;
  text: string;
}

const SPEAKER = /^\s*(\{\{char\}\}|\{\{user\}\}|<BOT>|<USER>)\s*:\s?/i;

/**
 * `mes_example`: conversations separated by `<START>`, each line `{{user}}: ...` or
 * `{{char}}: ...`; a line without a speaker continues the message before it. Returns the
 * exchanges and how many lines had no speaker to belong to (reported by the caller).
 */
export function parseMesExample(
  text: string,
  charName: string,
  /** The agent's name as the speaker (a V3 nickname fills {{char}} in the text only). */
  speaker = charName,
): { examples: ExampleLine[][]; orphanLines: number } {
  const examples: ExampleLine[][] = [];
  let orphanLines = 0;
  for (const block of text.split(/<START>/i)) {
    const lines: ExampleLine[] = [];
    for (const raw of block.split(/\r?\n/)) {
      const match = SPEAKER.exec(raw);
      if (match) {
        const isChar = /char|bot/i.test(match[1] as string);
        lines.push({ name: isChar ? speaker : "{{user}}", text: raw.slice(match[0].length) });
      } else if (raw.trim()) {
        const last = lines.at(-1);
        if (last) last.text = `${last.text}\n${raw}`;
        else orphanLines++;
      }
    }
    const exchange = lines
      .map((line) => ({ name: line.name, text: fillExample(line.text, charName).trim() }))
      .filter((line) => line.text);
    if (exchange.length > 0) examples.push(exchange);
  }
  return { examples, orphanLines };
}

/**
 * A short list ("kind, brave, a bit shy") reads as adjectives; anything longer is prose.
 * Returns the entries, or undefined for prose.
 */
export function asShortList(text: string): string[] | undefined {
  const parts = text
    .split(/[,;\n]/)
    .map((p) => p.trim().replace(/\.$/, ""))
    .filter(Boolean);
  if (parts.length === 0) return undefined;
  return parts.every((p) => p.split(/\s+/).length <= 4 && p.length <= L.adjective) ? parts : undefined;
}

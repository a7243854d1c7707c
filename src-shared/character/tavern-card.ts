import { CHARACTER_LIMITS as L } from "../protocol/character";
import { MiladyError } from "../protocol/errors";
import { isPlainObject, plural } from "./report";
import { asShortList, type ExampleLine, fillExample, fillProse, parseMesExample, toLines } from "./tavern-text";

/**
 * Tavern character cards (V1, V2 `chara_card_v2`, V3 `chara_card_v3`) mapped to an elizaOS-shaped
 * character, which the normaliser then checks like any other file. Every card field that is
 * not carried over is reported with its path and why; nothing is dropped silently.
 */

export type CardFormat = "tavern-v1" | "tavern-v2" | "tavern-v3";

export interface CardMapping {
  format: CardFormat;
  /** An elizaOS-shaped character: what normaliseCharacter reads. */
  character: Record<string, unknown>;
  notes: string[];
  ignored: string[];
  /** A V3 icon asset written inline as a data: URI (a JSON card's picture). */
  pictureDataUri?: string;
}

/** The V1 fields, also found at the top level of V2/V3 cards as a copy for old apps. */
const V1_FIELDS = ["name", "description", "personality", "scenario", "first_mes", "mes_example"];

/** The user line a greeting answers: a greeting opens the chat, and an example needs two lines. */
export const GREETING_OPENER = "Hello.";

const METADATA_WHY = "card metadata, not part of who the agent is";

/** Which card this is, or undefined for a file that is not a card. */
export function detectCard(input: Record<string, unknown>): CardFormat | undefined {
  const spec = input.spec;
  if (spec === "chara_card_v2") return "tavern-v2";
  if (spec === "chara_card_v3") return "tavern-v3";
  if (typeof spec === "string" && spec.startsWith("chara_card")) {
    throw new MiladyError(
      "validation_failed",
      `this card's format "${spec}" is not one Milady reads (it reads chara_card_v2 and chara_card_v3)`,
      "export the card as a V2 or V3 card (SillyTavern, Chub and RisuAI all can), then import it again",
    );
  }
  const v1 = "first_mes" in input || "mes_example" in input || ("personality" in input && "scenario" in input);
  return v1 && !("bio" in input) ? "tavern-v1" : undefined;
}

const isEmpty = (value: unknown) =>
  value === undefined ||
  value === null ||
  value === "" ||
  (Array.isArray(value) && value.length === 0) ||
  (isPlainObject(value) && Object.keys(value).length === 0);

const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
const texts = (value: unknown) => (Array.isArray(value) ? value.map(text).filter(Boolean) : []);

class CardReader {
  readonly notes: string[] = [];
  readonly ignored: string[] = [];
  readonly used = new Set<string>();

  constructor(
    readonly data: Record<string, unknown>,
    readonly prefix: string,
  ) {}

  take(key: string): unknown {
    this.used.add(key);
    return this.data[key];
  }

  path(key: string): string {
    return `${this.prefix}${key}`;
  }

  ignore(key: string, why: string): void {
    this.used.add(key);
    if (!isEmpty(this.data[key])) this.ignored.push(`${this.path(key)}: ${why}`);
  }
}

function readName(r: CardReader): { name: string; charName: string } {
  const name = text(r.take("name"));
  if (!name) {
    throw new MiladyError(
      "validation_failed",
      `the card has no name (${r.path("name")} is missing or empty)`,
      "give the character a name in the app that made the card and export it again, or add it to the file",
    );
  }
  const nickname = text(r.take("nickname"));
  if (nickname)
    r.notes.push(
      `${r.path("nickname")}: "${nickname}" stands for {{char}} in the texts (the V3 rule); the agent's name is "${name}"`,
    );
  return { name, charName: nickname || name };
}

function readExamples(r: CardReader, name: string, charName: string): ExampleLine[][] {
  const examples: ExampleLine[][] = [];
  const greeting = (raw: string, at: string) => {
    const line = fillExample(raw, charName);
    if (line.length > L.exampleText) {
      r.ignored.push(`${at}: ${line.length} characters, longer than an example message may be (${L.exampleText})`);
      return;
    }
    examples.push([
      { name: "{{user}}", text: GREETING_OPENER },
      { name, text: line },
    ]);
  };
  const first = text(r.take("first_mes"));
  if (first) greeting(first, r.path("first_mes"));
  for (const [i, g] of texts(r.take("alternate_greetings")).entries())
    greeting(g, `${r.path("alternate_greetings")}[${i}]`);
  const greetings = examples.length;
  if (greetings > 0) {
    r.notes.push(
      `${r.path("first_mes")}: ${plural(greetings, "greeting")} became message examples answering "${GREETING_OPENER}" (Milady's chats start with the user)`,
    );
  }
  const mes = text(r.take("mes_example"));
  if (mes) {
    const { examples: parsed, orphanLines } = parseMesExample(mes, charName, name);
    examples.push(...parsed);
    r.notes.push(
      `${r.path("mes_example")}: ${plural(parsed.length, "<START> block")} read as message examples ({{char}} -> ${charName})`,
    );
    if (orphanLines > 0) {
      r.ignored.push(
        `${r.path("mes_example")}: ${plural(orphanLines, "line")} before any "{{user}}:" or "{{char}}:" speaker`,
      );
    }
  }
  return examples;
}

/** character_book entries -> knowledge texts; the trigger keys and book settings are reported. */
function readBook(r: CardReader, charName: string): string[] {
  const book = r.take("character_book");
  const at = r.path("character_book");
  if (isEmpty(book)) return [];
  if (!isPlainObject(book)) {
    r.ignored.push(`${at}: not an object, so not a lorebook`);
    return [];
  }
  const knowledge: string[] = [];
  const entries = Array.isArray(book.entries) ? book.entries : [];
  let keyed = 0;
  for (const [i, entry] of entries.entries()) {
    const where = `${at}.entries[${i}]`;
    const content = isPlainObject(entry) ? fillProse(text(entry.content), charName) : "";
    if (!isPlainObject(entry)) r.ignored.push(`${where}: not an entry object`);
    else if (entry.enabled === false) r.ignored.push(`${where}: disabled in the card`);
    else if (!content) r.ignored.push(`${where}: has no content`);
    else {
      knowledge.push(...toLines(content.replace(/\r?\n/g, " "), L.knowledgeItem));
      if (texts(entry.keys).length > 0 || texts(entry.secondary_keys).length > 0) keyed++;
    }
  }
  if (knowledge.length > 0)
    r.notes.push(`${at}: ${plural(knowledge.length, "entry", "entries")} became knowledge texts`);
  if (keyed > 0) {
    r.ignored.push(
      `${at}.entries[*].keys: the trigger words of ${plural(keyed, "entry", "entries")}; Milady finds knowledge by meaning, not by keywords (the content is kept)`,
    );
  }
  const settings = Object.keys(book).filter((k) => k !== "entries" && !isEmpty(book[k]));
  if (settings.length > 0) {
    r.ignored.push(
      `${at}.{${settings.join(", ")}}: lorebook settings (scan depth, token budget...) that only a Tavern app uses`,
    );
  }
  return knowledge;
}

function readPicture(r: CardReader, mapping: Partial<CardMapping>): void {
  const assets = r.take("assets");
  if (!Array.isArray(assets)) {
    r.ignore("assets", "not a list of assets");
    return;
  }
  for (const [i, asset] of assets.entries()) {
    const where = `${r.path("assets")}[${i}]`;
    if (!isPlainObject(asset)) {
      r.ignored.push(`${where}: not an asset object`);
      continue;
    }
    const uri = text(asset.uri);
    const icon = asset.type === "icon";
    if (icon && uri === "ccdefault:") continue; // the PNG the card came in: its picture is used
    if (icon && /^data:image\/png;base64,/i.test(uri) && !mapping.pictureDataUri) {
      mapping.pictureDataUri = uri;
      r.notes.push(`${where}: the icon became the character's picture`);
      continue;
    }
    const why = icon
      ? "only the card's own PNG or an inline data:image/png icon becomes the picture; Milady downloads nothing"
      : `a ${text(asset.type) || "untyped"} asset; Milady keeps one picture per character`;
    r.ignored.push(`${where} (${uri.slice(0, 60) || "no uri"}): ${why}`);
  }
}

function readData(r: CardReader, format: CardFormat): CardMapping {
  const { name, charName } = readName(r);
  const prose = (key: string) => fillProse(text(r.take(key)), charName);
  const description = prose("description");
  const bio = toLines(description);
  if (description)
    r.notes.push(
      `${r.path("description")}: ${plural(bio.length, "bio line")} ({{char}} -> ${charName}, {{user}} -> "the user")`,
    );
  const adjectives: string[] = [];
  const personality = prose("personality");
  if (personality) {
    const list = asShortList(personality);
    if (list) adjectives.push(...list);
    else bio.push(...toLines(`Personality: ${personality}`));
    r.notes.push(`${r.path("personality")}: ${list ? `${plural(list.length, "adjective")}` : "appended to bio"}`);
  }
  if (bio.length === 0) {
    bio.push(`${name}.`);
    r.notes.push(`${r.path("description")}: empty, so the bio is the name alone (write one on the Character tab)`);
  }

  const systemPrompt = prose("system_prompt");
  const scenario = prose("scenario");
  const afterHistory = prose("post_history_instructions");
  if (systemPrompt.includes("{{original}}"))
    r.notes.push(`${r.path("system_prompt")}: {{original}} removed (Milady has no default prompt to insert there)`);
  const system = [
    systemPrompt.replace(/\{\{original\}\}/gi, "").trim(),
    scenario && `Scenario: ${scenario}`,
    afterHistory,
  ]
    .filter(Boolean)
    .join("\n\n");
  if (scenario) r.notes.push(`${r.path("scenario")}: added to the system prompt as "Scenario: ..."`);
  if (afterHistory)
    r.notes.push(
      `${r.path("post_history_instructions")}: added to the end of the system prompt (Milady has no after-history slot)`,
    );

  const messageExamples = readExamples(r, name, charName);
  const topics = texts(r.take("tags"));
  if (topics.length > 0) r.notes.push(`${r.path("tags")}: ${plural(topics.length, "tag")} became topics`);
  const knowledge = readBook(r, charName);
  const mapping: Partial<CardMapping> = {};
  if (format === "tavern-v3") readPicture(r, mapping);

  r.ignore("creator_notes", "notes for the people using the card, not instructions for the agent");
  r.ignore("creator_notes_multilingual", "notes for the people using the card, not instructions for the agent");
  r.ignore("group_only_greetings", "greetings for group chats with several characters, which Milady does not have");
  for (const key of ["creator", "character_version", "source", "creation_date", "modification_date"])
    r.ignore(key, METADATA_WHY);
  const extensions = r.take("extensions");
  if (isPlainObject(extensions)) {
    for (const [key, value] of Object.entries(extensions)) {
      if (!isEmpty(value))
        r.ignored.push(`${r.path("extensions")}.${key}: an app's own extension; Milady does not read it`);
    }
  }
  for (const key of Object.keys(r.data)) {
    if (!r.used.has(key)) r.ignore(key, `not a field of the Tavern card ${format.slice(-2).toUpperCase()} spec`);
  }
  return {
    format,
    character: {
      name,
      bio,
      system,
      adjectives,
      topics,
      messageExamples,
      ...(knowledge.length > 0 ? { knowledge } : {}),
    },
    notes: r.notes,
    ignored: r.ignored,
    ...mapping,
  };
}

/** Maps a card to an elizaOS-shaped character plus the report of what was carried and what was not. */
export function mapTavernCard(input: Record<string, unknown>, format: CardFormat): CardMapping {
  if (format === "tavern-v1") return readData(new CardReader(input, ""), format);
  const data = input.data;
  if (!isPlainObject(data)) {
    throw new MiladyError(
      "validation_failed",
      `the ${input.spec} card has no "data" object, where the character is`,
      "export the card again from the app that made it",
    );
  }
  const mapping = readData(new CardReader(data, "data."), format);
  const version = text(input.spec_version);
  const expected = format === "tavern-v3" ? "3" : "2";
  if (version && !version.startsWith(expected)) {
    mapping.notes.push(`spec_version: "${version}", read as a ${expected}.x card`);
  }
  const copies = V1_FIELDS.filter((key) => key in input);
  if (copies.length > 0) mapping.notes.push(`${copies.join(", ")}: the top-level V1 copy; data.* was read instead`);
  for (const key of Object.keys(input)) {
    if (
      key !== "spec" &&
      key !== "spec_version" &&
      key !== "data" &&
      !V1_FIELDS.includes(key) &&
      !isEmpty(input[key])
    ) {
      mapping.ignored.push(`${key}: not a field of the Tavern card spec`);
    }
  }
  return mapping;
}

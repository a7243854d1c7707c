import type { Character } from "../protocol/character";
import { type ElizaCharacterFile, toElizaCharacterFile } from "./export-eliza";
import { encodePngChunk, isCardChunk, type PngChunk, readPngChunks, rewritePng } from "./png-chunks";
import { isPlainObject } from "./report";

/**
 * Milady's character as a Tavern V2 card PNG: the character's picture with a `chara` text chunk.
 * The card's own fields are what SillyTavern, Chub or RisuAI show; the whole elizaOS character
 * file rides along in `data.extensions.elizaos` (the V2 spec's place for an app's own data, which
 * those apps keep), so importing the card into Milady gives back the same character, picture and
 * all. Like the JSON export, it carries no secret.
 */

export const ELIZAOS_EXTENSION = "elizaos";

/** The card fields Milady writes from a character; also what an import compares to see whether the card was edited. */
export interface CardFields {
  name: string;
  description: string;
  personality: string;
  mes_example: string;
  system_prompt: string;
  tags: string[];
}

export function cardFields(c: Character): CardFields {
  const exchanges = c.messageExamples.map((exchange) =>
    ["<START>", ...exchange.map((line) => `${line.name === c.name ? "{{char}}" : "{{user}}"}: ${line.text}`)].join(
      "\n",
    ),
  );
  return {
    name: c.name,
    description: c.bio.join("\n"),
    personality: c.adjectives.join(", "),
    mes_example: exchanges.join("\n"),
    system_prompt: c.system ?? "",
    tags: [...c.topics],
  };
}

export function toTavernCard(c: Character): Record<string, unknown> {
  const fields = cardFields(c);
  const file: ElizaCharacterFile = toElizaCharacterFile(c);
  return {
    spec: "chara_card_v2",
    spec_version: "2.0",
    // The V1 copy at the top level, for apps that read only that.
    name: fields.name,
    description: fields.description,
    personality: fields.personality,
    scenario: "",
    first_mes: "",
    mes_example: fields.mes_example,
    data: {
      ...fields,
      scenario: "",
      first_mes: "",
      creator_notes: "Exported by Milady. The full elizaOS character is in data.extensions.elizaos.",
      post_history_instructions: "",
      alternate_greetings: [],
      creator: "",
      character_version: "",
      extensions: { [ELIZAOS_EXTENSION]: file },
    },
  };
}

/** The picture with the card's `chara` chunk after IHDR (where card writers put it); any older card chunk is dropped. */
export function toCardPng(c: Character, picture: Uint8Array): Uint8Array {
  const chunks = readPngChunks(picture);
  const clean = rewritePng(picture, chunks, (c) => isCardChunk(c));
  const ihdr = readPngChunks(clean)[0] as PngChunk;
  const json = new TextEncoder().encode(JSON.stringify(toTavernCard(c)));
  const base64 = btoa(Array.from(json, (b) => String.fromCharCode(b)).join(""));
  const chara = encodePngChunk("tEXt", new Uint8Array([...new TextEncoder().encode("chara"), 0, ...toAscii(base64)]));
  const out = new Uint8Array(clean.length + chara.length);
  out.set(clean.subarray(0, ihdr.end), 0);
  out.set(chara, ihdr.end);
  out.set(clean.subarray(ihdr.end), ihdr.end + chara.length);
  return out;
}

const toAscii = (text: string) => Uint8Array.from(text, (ch) => ch.charCodeAt(0));

/** The elizaOS character a Milady-exported card carries, if it has one. */
export function embeddedElizaCharacter(card: Record<string, unknown>): Record<string, unknown> | undefined {
  const data = isPlainObject(card.data) ? card.data : undefined;
  const extensions = data && isPlainObject(data.extensions) ? data.extensions : undefined;
  const file = extensions?.[ELIZAOS_EXTENSION];
  return isPlainObject(file) ? file : undefined;
}

/** True when the card's fields are still the ones Milady wrote from `c` (not edited in another app since). */
export function cardMatches(card: Record<string, unknown>, c: Character): boolean {
  const data = isPlainObject(card.data) ? card.data : {};
  const written = cardFields(c);
  return (Object.keys(written) as (keyof CardFields)[]).every(
    (key) => JSON.stringify(data[key] ?? (key === "tags" ? [] : "")) === JSON.stringify(written[key]),
  );
}

import type { Character } from "../protocol/character";
import { MiladyError } from "../protocol/errors";
import { type CharacterSecrets, readCharacterSecrets } from "./character-secrets";
import { cardMatches, ELIZAOS_EXTENSION, embeddedElizaCharacter } from "./export-card";
import { normaliseCharacter } from "./normalise";
import {
  CARD_KEYWORDS,
  type Inflate,
  isCardChunk,
  isPng,
  type PngChunk,
  readPngChunks,
  readPngText,
  rewritePng,
} from "./png-chunks";
import { describeCharacterProblems, isPlainObject, jsonTypeName } from "./report";
import { type CardFormat, detectCard, mapTavernCard } from "./tavern-card";

/** A card PNG is a picture plus its JSON; 20 MB is far above real cards (a few MB) and bounds the work. */
export const CHARACTER_FILE_MAX_BYTES = 20 * 1024 * 1024;

export type CharacterFileFormat = "elizaos" | CardFormat;

/** What a character file holds, checked and mapped; nothing is stored yet. */
export interface CharacterFileRead {
  format: CharacterFileFormat;
  /** The file was a PNG (a card's picture). */
  png: boolean;
  character: Character;
  /** What was converted on the way in. */
  notes: string[];
  /** Fields not carried over, each "path: why". */
  ignored: string[];
  secrets: CharacterSecrets;
  /** The character's picture: the card PNG without its card chunks (or a V3 card's inline icon). */
  picture?: Uint8Array;
}

const PICK_FIX =
  "pick an elizaOS character .json, a Tavern character card (.json or .png, V2 or V3), or a file Milady exported";

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, "");
  const binary = atob(clean);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new MiladyError(
      "validation_failed",
      `${what} is not JSON (${error instanceof Error ? error.message : String(error)})`,
      PICK_FIX,
    );
  }
}

/** The card JSON in a PNG: the ccv3 chunk (V3) wins over chara (V2, often kept beside it for old apps). */
function readCardChunk(chunks: PngChunk[], inflate?: Inflate): { keyword: string; json: unknown } {
  const texts = chunks.map((c) => readPngText(c, inflate)).filter((t) => t !== undefined);
  for (const keyword of CARD_KEYWORDS) {
    const found = texts.find((t) => t.keyword.toLowerCase() === keyword);
    if (!found) continue;
    let decoded: string;
    try {
      decoded = new TextDecoder("utf-8", { fatal: true }).decode(decodeBase64(found.text));
    } catch {
      // Some writers put the JSON itself in the chunk instead of base64.
      decoded = found.text;
    }
    return { keyword, json: parseJson(decoded, `the PNG's "${keyword}" chunk`) };
  }
  throw new MiladyError(
    "validation_failed",
    "this PNG carries no character card (it has no chara or ccv3 text chunk; it is only a picture)",
    "export the character as a PNG card from the app that made it (SillyTavern, Chub, RisuAI), or import the card's .json",
  );
}

function sniffOtherImage(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return "a JPEG picture";
  if (String.fromCharCode(...bytes.subarray(0, 4)) === "RIFF") return "a WebP picture";
  if (String.fromCharCode(...bytes.subarray(0, 3)) === "GIF") return "a GIF picture";
  return undefined;
}

function isEmptyBio(bio: unknown): boolean {
  if (typeof bio === "string") return bio.trim() === "";
  return Array.isArray(bio) && bio.every((line) => typeof line === "string" && line.trim() === "");
}

/** The normaliser says secrets "are never stored"; on import they went to the .env, which the report says instead. */
function withoutSecretDrops(ignored: string[], secrets: CharacterSecrets, input: unknown): string[] {
  const settings = isPlainObject(input) && isPlainObject(input.settings) ? input.settings : {};
  const routed = new Set(["secrets", "settings.secrets"]);
  for (const name of Object.keys(settings)) if (name in secrets.values) routed.add(`settings.${name}`);
  for (const line of secrets.refused) routed.add(line.slice(0, line.indexOf(": ")));
  return ignored.filter((line) => !routed.has(line.slice(0, line.indexOf(": "))));
}

/**
 * A card Milady exported carries the whole elizaOS character (export-card.ts); it is read instead
 * of the card's fields, losing nothing, unless another app has edited the card since.
 */
function carriedCharacter(
  card: Record<string, unknown>,
): { file: Record<string, unknown>; notes: string[] } | undefined {
  const file = embeddedElizaCharacter(card);
  if (!file) return undefined;
  const result = normaliseCharacter(file);
  if (!result.ok || !cardMatches(card, result.character)) return undefined;
  return {
    file,
    notes: [`a card Milady exported: its elizaOS character (data.extensions.${ELIZAOS_EXTENSION}) was read as it is`],
  };
}

/**
 * Reads a character file: detects its format (PNG card, card JSON, elizaOS/Milady JSON), maps
 * it, normalises it and collects its secrets. Throws a MiladyError saying what to do for
 * anything it cannot use; it writes nothing, so a refused file changes nothing.
 */
export function readCharacterFile(bytes: Uint8Array, options: { inflate?: Inflate } = {}): CharacterFileRead {
  if (bytes.byteLength > CHARACTER_FILE_MAX_BYTES) {
    throw new MiladyError(
      "payload_too_large",
      `the file is ${mb(bytes.byteLength)}; character files are limited to ${mb(CHARACTER_FILE_MAX_BYTES)}`,
      "a character card is usually well under 5 MB: pick the card itself, or shrink its picture and export it again",
    );
  }
  if (bytes.byteLength === 0) throw new MiladyError("validation_failed", "the file is empty", PICK_FIX);
  let input: unknown;
  let picture: Uint8Array | undefined;
  const png = isPng(bytes);
  if (png) {
    const chunks = readPngChunks(bytes);
    input = readCardChunk(chunks, options.inflate).json;
    picture = rewritePng(bytes, chunks, (c) => isCardChunk(c, options.inflate));
  } else {
    const other = sniffOtherImage(bytes);
    if (other) {
      throw new MiladyError(
        "unsupported_media_type",
        `this is ${other}; only PNG character cards carry a character`,
        PICK_FIX,
      );
    }
    input = parseJson(new TextDecoder().decode(bytes), "the file");
  }
  if (!isPlainObject(input)) {
    throw new MiladyError(
      "validation_failed",
      `a character file holds a JSON object, not ${jsonTypeName(input)}`,
      PICK_FIX,
    );
  }

  const detected = detectCard(input);
  const carried = detected ? carriedCharacter(input) : undefined;
  // What is read from here on: a Milady card's own elizaOS character, else the file itself.
  const object: Record<string, unknown> = carried?.file ?? input;
  const card = carried ? undefined : detected;
  const mapping = card ? mapTavernCard(object, card) : undefined;
  const secrets = card ? { values: {}, refused: [] } : readCharacterSecrets(object);
  const notes: string[] = carried?.notes ?? [];
  if (card && embeddedElizaCharacter(object)) {
    notes.push(
      `data.extensions.${ELIZAOS_EXTENSION}: not used, the card was edited after Milady exported it (its fields were read instead)`,
    );
  }
  let raw: Record<string, unknown> = mapping?.character ?? object;
  // elizaOS accepts an empty bio ("" or []); Milady's character needs a line, so the name stands in.
  if (!card && typeof raw.name === "string" && raw.name.trim() && isEmptyBio(raw.bio)) {
    raw = { ...raw, bio: [`${raw.name.trim()}.`] };
    notes.push("bio: empty in the file, so the bio is the name alone (write one on the Character tab)");
  }
  const result = normaliseCharacter(raw);
  if (!result.ok) {
    const { message, fix } = describeCharacterProblems(result.problems);
    throw new MiladyError("validation_failed", message, fix);
  }
  if (!picture && mapping?.pictureDataUri) {
    const inline = decodeBase64(mapping.pictureDataUri.slice(mapping.pictureDataUri.indexOf(",") + 1));
    if (isPng(inline)) {
      readPngChunks(inline); // a damaged inline picture refuses the file, like a damaged card PNG
      picture = inline;
    }
  }
  return {
    format: card ?? "elizaos",
    png,
    character: result.character,
    notes: [...(mapping?.notes ?? []), ...notes, ...result.notes],
    ignored: [...(mapping?.ignored ?? []), ...withoutSecretDrops(result.ignored, secrets, object), ...secrets.refused],
    secrets,
    ...(picture ? { picture } : {}),
  };
}

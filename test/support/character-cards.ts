import { deflateSync, inflateSync } from "node:zlib";
import { PNG } from "pngjs";
import { encodePngChunk, readPngChunks } from "../../src-shared/character/png-chunks";
import { MiladyError } from "../../src-shared/protocol";

/**
 * Tavern character cards for the tests, written here (modeled on the V2 and V3 specs and on
 * cards as SillyTavern and Chub export them; our own content). PNGs are drawn with pngjs and
 * the card chunks are inserted by hand, as the apps do.
 */

export const V2_CARD = {
  spec: "chara_card_v2",
  spec_version: "2.0",
  // The V1 copy old apps read; the data object is what counts.
  name: "Captain Mira",
  description: "Old copy",
  data: {
    name: "Captain Mira",
    description:
      "{{char}} captains the airship Kestrel over the Shattered Isles.\n\nShe trusts {{user}} with the maps and nothing else.",
    personality: "brave, sardonic, loyal",
    scenario: "{{user}} has just signed on as navigator of the Kestrel.",
    first_mes: "*{{char}} looks up from the charts.* You're the new navigator, {{user}}? Don't touch the brass.",
    mes_example:
      "<START>\n{{user}}: Where are we headed?\n{{char}}: North, past the storm wall.\nIf the engines hold.\n<START>\n{{user}}: Can I steer?\n{{char}}: Not a chance.",
    creator_notes: "Best with a slow-burn adventure.",
    system_prompt: "{{original}}\nStay in character as {{char}}.",
    post_history_instructions: "Keep replies under 120 words.",
    alternate_greetings: ["Storm's coming, {{user}}. Grab a rope."],
    tags: ["adventure", "airships", "fantasy"],
    creator: "test-author",
    character_version: "1.2",
    character_book: {
      name: "Kestrel lore",
      scan_depth: 4,
      entries: [
        {
          keys: ["Kestrel"],
          content: "The Kestrel is a three-engine airship built in Port Vell.",
          enabled: true,
          insertion_order: 0,
          extensions: {},
        },
        {
          keys: ["storm wall"],
          content: "The storm wall rings the northern isles.",
          enabled: false,
          insertion_order: 1,
          extensions: {},
        },
      ],
      extensions: {},
    },
    extensions: { talkativeness: "0.5", fav: false, depth_prompt: { prompt: "Mira hums sea shanties.", depth: 4 } },
  },
};

export const V3_CARD = {
  spec: "chara_card_v3",
  spec_version: "3.0",
  data: {
    name: "Orin Vale",
    nickname: "Orin",
    description: "{{char}} is a lighthouse-keeping android who catalogues passing ships.",
    personality: "Methodical and gentle; speaks in complete sentences and never raises its voice.",
    scenario: "",
    first_mes: "Welcome to the lighthouse, {{user}}. I have logged your arrival.",
    mes_example: "<START>\n{{user}}: What did you see today?\n{{char}}: Three trawlers and one very confused gull.",
    creator_notes: "",
    system_prompt: "",
    post_history_instructions: "",
    alternate_greetings: [],
    group_only_greetings: ["Orin nods to everyone in the room."],
    tags: ["sci-fi", "android"],
    creator: "test-author",
    character_version: "3",
    extensions: {},
    assets: [
      { type: "icon", uri: "ccdefault:", name: "main", ext: "png" },
      { type: "background", uri: "https://example.com/sea.png", name: "sea", ext: "png" },
    ],
    creation_date: 1_700_000_000,
  },
};

/** A small opaque PNG of one colour, drawn by pngjs. */
export function drawPng(width = 16, height = 16, rgb: [number, number, number] = [200, 40, 90]): Uint8Array {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set([...rgb, 255], i * 4);
  return new Uint8Array(PNG.sync.write(png));
}

const latin1 = (text: string) => new Uint8Array([...text].map((c) => c.charCodeAt(0) & 0xff));

export function textChunk(keyword: string, text: string): Uint8Array {
  return encodePngChunk("tEXt", new Uint8Array([...latin1(keyword), 0, ...latin1(text)]));
}

export function itxtChunk(keyword: string, text: string, compress = false): Uint8Array {
  const body = new TextEncoder().encode(text);
  const payload = compress ? new Uint8Array(deflateSync(body)) : body;
  return encodePngChunk("iTXt", new Uint8Array([...latin1(keyword), 0, compress ? 1 : 0, 0, 0, 0, ...payload]));
}

/** Inserts chunks after IHDR, where card writers put them. */
export function insertChunks(png: Uint8Array, ...chunks: Uint8Array[]): Uint8Array {
  const ihdr = readPngChunks(png)[0];
  if (ihdr?.type !== "IHDR") throw new Error("not a PNG with IHDR first");
  const parts = [png.subarray(0, ihdr.end), ...chunks, png.subarray(ihdr.end)];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export const base64Json = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64");

/** A card PNG the way SillyTavern writes one: `chara` (V2 JSON) and, for V3, `ccv3` too. */
export function cardPng(card: unknown, options: { v3?: unknown; rgb?: [number, number, number] } = {}): Uint8Array {
  const chunks = [textChunk("chara", base64Json(card))];
  if (options.v3) chunks.push(textChunk("ccv3", base64Json(options.v3)));
  return insertChunks(drawPng(16, 16, options.rgb), ...chunks);
}

/** What the reader is given to open zTXt / compressed iTXt chunks (src-shared has no zlib). */
export const inflate = (data: Uint8Array) => new Uint8Array(inflateSync(data));

/** The MiladyError `run` throws (any other error, or none, fails the test). */
export function refusal(run: () => unknown): MiladyError {
  try {
    run();
  } catch (error) {
    if (error instanceof MiladyError) return error;
    throw error;
  }
  throw new Error("expected a MiladyError");
}

import { describe, expect, test } from "bun:test";
import { validateCharacter } from "@elizaos/core";
import { normaliseCharacter, readCharacterFile, toElizaCharacterFile } from "../../src-shared/character";
import { ELIZA_0X_FILE, FIXTURE_SECRET } from "../../src-shared/character/testing/character-files";
import { DEFAULT_CHARACTER, MiladyError } from "../../src-shared/protocol";
import {
  base64Json,
  cardPng,
  drawPng,
  inflate,
  insertChunks,
  itxtChunk,
  refusal,
  V2_CARD,
  V3_CARD,
} from "../../test/support/character-cards";

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const has = (list: string[], pattern: RegExp) => {
  if (!list.some((s) => pattern.test(s))) throw new Error(`no line matches ${pattern}:\n${list.join("\n")}`);
};

describe("a Tavern V2 card (PNG with a chara chunk)", () => {
  const r = readCharacterFile(cardPng(V2_CARD), { inflate });
  const c = r.character;

  test("description, personality, scenario, system prompt map to bio, adjectives, system", () => {
    expect(r.format).toBe("tavern-v2");
    expect(c.name).toBe("Captain Mira");
    expect(c.bio).toEqual([
      "Captain Mira captains the airship Kestrel over the Shattered Isles.",
      "She trusts the user with the maps and nothing else.",
    ]);
    expect(c.adjectives).toEqual(["brave", "sardonic", "loyal"]);
    expect(c.system).toBe(
      "Stay in character as Captain Mira.\n\nScenario: the user has just signed on as navigator of the Kestrel.\n\nKeep replies under 120 words.",
    );
    expect(c.topics).toEqual(["adventure", "airships", "fantasy"]);
  });

  test("greetings and mes_example become examples with {{user}} and the agent's name", () => {
    expect(c.messageExamples[0]).toEqual([
      { name: "{{user}}", text: "Hello." },
      {
        name: "Captain Mira",
        text: "*Captain Mira looks up from the charts.* You're the new navigator, {{user}}? Don't touch the brass.",
      },
    ]);
    expect(c.messageExamples[1]?.[1]?.text).toBe("Storm's coming, {{user}}. Grab a rope.");
    expect(c.messageExamples[2]).toEqual([
      { name: "{{user}}", text: "Where are we headed?" },
      { name: "Captain Mira", text: "North, past the storm wall.\nIf the engines hold." },
    ]);
    expect(c.messageExamples).toHaveLength(4);
  });

  test("the enabled lorebook entry becomes knowledge; the disabled one is reported", () => {
    expect(c.knowledge).toEqual(["The Kestrel is a three-engine airship built in Port Vell."]);
    has(r.ignored, /^data\.character_book\.entries\[1\]: disabled/);
    has(r.ignored, /^data\.character_book\.entries\[\*\]\.keys: .*by meaning/);
    has(r.ignored, /^data\.character_book\.\{name, scan_depth\}: lorebook settings/);
  });

  test("every field not carried over is reported with its path and why", () => {
    for (const path of [
      "data.creator_notes",
      "data.creator",
      "data.character_version",
      "data.extensions.talkativeness",
      "data.extensions.depth_prompt",
    ]) {
      has(r.ignored, new RegExp(`^${path.replace(/\./g, "\\.")}: .{10,}`));
    }
    // Even a false flag is a value the card set: reported, not dropped silently.
    expect(r.ignored.some((l) => l.startsWith("data.extensions.fav"))).toBe(true);
    has(r.notes, /^name, description: the top-level V1 copy/);
    has(r.notes, /\{\{original\}\} removed/);
  });

  test("the picture is the PNG without the card chunk", () => {
    expect(r.png).toBe(true);
    const picture = r.picture as Uint8Array;
    expect(Buffer.from(picture).includes(Buffer.from("chara"))).toBe(false);
    expect(picture.length).toBeLessThan(cardPng(V2_CARD).length);
  });
});

describe("a Tavern V3 card", () => {
  test("in a PNG with chara and ccv3, ccv3 wins; nickname stands for {{char}}; V3-only fields reported", () => {
    const r = readCharacterFile(cardPng(V2_CARD, { v3: V3_CARD }), { inflate });
    expect(r.format).toBe("tavern-v3");
    expect(r.character.name).toBe("Orin Vale");
    expect(r.character.bio[0]).toBe("Orin is a lighthouse-keeping android who catalogues passing ships.");
    expect(r.character.bio[1]).toStartWith("Personality: Methodical and gentle");
    expect(r.character.messageExamples[1]?.[1]).toEqual({
      name: "Orin Vale",
      text: "Three trawlers and one very confused gull.",
    });
    has(r.notes, /^data\.nickname: "Orin" stands for \{\{char\}\}/);
    has(r.ignored, /^data\.group_only_greetings: /);
    has(r.ignored, /^data\.assets\[1\] \(https:\/\/example\.com\/sea\.png\): a background asset/);
    has(r.ignored, /^data\.creation_date: card metadata/);
    expect(r.ignored.some((l) => l.startsWith("data.assets[0]"))).toBe(false); // ccdefault: is the PNG itself
    expect(r.picture).toBeDefined();
  });

  test("in an iTXt chunk too", () => {
    const png = insertChunks(drawPng(), itxtChunk("ccv3", base64Json(V3_CARD)));
    expect(readCharacterFile(png, { inflate }).character.name).toBe("Orin Vale");
  });

  test("as JSON with an inline data:image/png icon: the icon becomes the picture", () => {
    const icon = `data:image/png;base64,${Buffer.from(drawPng(4, 4)).toString("base64")}`;
    const card = {
      ...V3_CARD,
      data: { ...V3_CARD.data, assets: [{ type: "icon", uri: icon, name: "main", ext: "png" }] },
    };
    const r = readCharacterFile(json(card));
    expect(r.png).toBe(false);
    expect(r.picture?.length).toBeGreaterThan(50);
  });
});

describe("bad files are refused with what to do, and nothing is read", () => {
  test("a V2 card without a name", () => {
    const card = { ...V2_CARD, data: { ...V2_CARD.data, name: " " } };
    const error = refusal(() => readCharacterFile(cardPng(card), { inflate }));
    expect(error.message).toBe("the card has no name (data.name is missing or empty)");
    expect(error.fix).toContain("give the character a name");
  });

  test("not JSON, a JPEG, a list, an unknown card spec, too large", () => {
    expect(refusal(() => readCharacterFile(new TextEncoder().encode("name: Ada"))).message).toStartWith(
      "the file is not JSON",
    );
    expect(refusal(() => readCharacterFile(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).code).toBe(
      "unsupported_media_type",
    );
    expect(refusal(() => readCharacterFile(json([1]))).message).toContain("not a list");
    expect(refusal(() => readCharacterFile(json({ spec: "chara_card_v9", data: {} }))).message).toContain(
      "chara_card_v9",
    );
    const big = refusal(() => readCharacterFile(new Uint8Array(21 * 1024 * 1024)));
    expect(big.code).toBe("payload_too_large");
    expect(big.message).toContain("limited to 20.0 MB");
  });
});

/** Every field elizaOS 1.7.2's character schema allows, in the shapes it allows them. */
const ELIZA_172_FILE = {
  id: "3f1c1f5e-8a0b-4c3a-9f5e-1d2c3b4a5f60",
  name: "Quill",
  username: "quill",
  system: "You are Quill, an archivist.",
  templates: { messageHandlerTemplate: "<task>Answer as {{agentName}}</task>" },
  bio: "Quill files every letter that reaches the archive.",
  messageExamples: [
    [
      { name: "{{name1}}", content: { text: "Find me the 1910 letters.", actions: ["SEARCH"] } },
      { name: "Quill", content: { text: "Box 14, second shelf.", thought: "easy one", providers: ["KNOWLEDGE"] } },
    ],
  ],
  postExamples: ["Today I found a letter sealed with green wax."],
  topics: ["archives", "letters"],
  adjectives: ["meticulous"],
  knowledge: [
    "Acid-free boxes last a century.",
    { path: "docs/boxes.md", shared: true },
    { directory: "docs/letters" },
  ],
  plugins: ["@elizaos/plugin-sql"],
  settings: {
    model: "gpt-4o",
    voice: { model: "en_US-amy" },
    OPENAI_API_KEY: FIXTURE_SECRET,
    secrets: { ANTHROPIC_API_KEY: `${FIXTURE_SECRET}-a`, MILADY_PORT: "9", OPENAI_BASE_URL: "https://evil.example" },
  },
  secrets: { DISCORD_API_TOKEN: `${FIXTURE_SECRET}-d`, DEBUG_LEVEL: 3 },
  style: { all: ["precise"], chat: ["cites shelf numbers"], post: ["dry"] },
};

describe("an elizaOS 1.7.2 character file", () => {
  test("the fixture is one elizaOS itself accepts", () => {
    expect(validateCharacter(ELIZA_172_FILE).success).toBe(true);
  });

  const r = readCharacterFile(json(ELIZA_172_FILE));

  test("every field is kept except the id, and the secrets (which go to the .env)", () => {
    const c = r.character;
    expect(c.bio).toEqual([ELIZA_172_FILE.bio]);
    expect(c.templates).toEqual(ELIZA_172_FILE.templates);
    expect(c.knowledge).toEqual(ELIZA_172_FILE.knowledge);
    expect(c.style).toEqual(ELIZA_172_FILE.style);
    expect(c.settings).toEqual({ model: "gpt-4o", voice: { model: "en_US-amy" } });
    expect(c.messageExamples[0]?.[0]).toEqual({ name: "{{user}}", text: "Find me the 1910 letters." });
    has(r.ignored, /^id: /);
  });

  test("an empty bio, which elizaOS accepts, imports with the name standing in; a missing one is refused", () => {
    const empty = readCharacterFile(json({ name: "Pip", bio: [] }));
    expect(empty.character.bio).toEqual(["Pip."]);
    has(empty.notes, /^bio: empty in the file/);
    expect(refusal(() => readCharacterFile(json({ name: "Pip" }))).message).toContain("bio: is missing");
  });

  test("secrets: stored names collected; Milady's own and address names refused; none in the character", () => {
    expect(Object.keys(r.secrets.values).sort()).toEqual([
      "ANTHROPIC_API_KEY",
      "DEBUG_LEVEL",
      "DISCORD_API_TOKEN",
      "OPENAI_API_KEY",
    ]);
    expect(r.secrets.values.DEBUG_LEVEL).toBe("3");
    has(r.ignored, /^settings\.secrets\.MILADY_PORT: Milady's own settings/);
    has(r.ignored, /^settings\.secrets\.OPENAI_BASE_URL: an address/);
    // The normaliser's "never stored" lines are replaced by the .env routing.
    expect(r.ignored.some((l) => /^(settings\.)?secrets: /.test(l))).toBe(false);
    expect(JSON.stringify({ ...r, secrets: undefined })).not.toContain(FIXTURE_SECRET);
  });
});

describe("export as an elizaOS character file", () => {
  const characters = {
    default: DEFAULT_CHARACTER,
    "a V2 card": readCharacterFile(cardPng(V2_CARD), { inflate }).character,
    "an elizaOS 0.x file": (normaliseCharacter(ELIZA_0X_FILE) as { character: typeof DEFAULT_CHARACTER }).character,
    "an elizaOS 1.7.2 file": readCharacterFile(json(ELIZA_172_FILE)).character,
  };
  for (const [label, character] of Object.entries(characters)) {
    test(`${label}: elizaOS's validateCharacter accepts it, and importing it gives the same character`, () => {
      const file = toElizaCharacterFile(character);
      const check = validateCharacter(JSON.parse(JSON.stringify(file)));
      expect(check.error?.message).toBeUndefined();
      expect(check.success).toBe(true);
      const back = readCharacterFile(json(file));
      expect(back.character).toEqual(character);
      expect(back.secrets.values).toEqual({});
    });
  }

  test("the user's side is {{name1}} and no secret or id is written", () => {
    const file = toElizaCharacterFile(characters["an elizaOS 1.7.2 file"]);
    expect(file.messageExamples[0]?.[0]?.name).toBe("{{name1}}");
    const text = JSON.stringify(file);
    expect(text).not.toContain(FIXTURE_SECRET);
    expect(text).not.toContain('"secrets"');
    expect(text).not.toContain('"id"');
  });
});

import { describe, expect, test } from "bun:test";
import { normaliseCharacter, readCharacterFile, toCardPng } from "../../src-shared/character";
import { readPngChunks, readPngText, rewritePng } from "../../src-shared/character/png-chunks";
import { ELIZA_0X_FILE } from "../../src-shared/character/testing/character-files";
import { type Character, DEFAULT_CHARACTER } from "../../src-shared/protocol";
import { cardPng, drawPng, inflate, insertChunks, textChunk, V2_CARD } from "../../test/support/character-cards";

// Export as a Tavern V2 card PNG and back: the picture and the whole character survive, other
// apps see the card's own fields, and a card edited elsewhere is read by its fields.

const fromV2 = readCharacterFile(cardPng(V2_CARD), { inflate });
const characters: Record<string, Character> = {
  default: DEFAULT_CHARACTER,
  "a V2 card's character": fromV2.character,
  "an elizaOS 0.x file": (normaliseCharacter(ELIZA_0X_FILE) as { character: Character }).character,
};

function cardJson(png: Uint8Array): Record<string, unknown> {
  const chara = readPngChunks(png)
    .map((c) => readPngText(c))
    .find((t) => t?.keyword === "chara");
  if (!chara) throw new Error("no chara chunk");
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(chara.text), (ch) => ch.charCodeAt(0))));
}

const withoutText = (png: Uint8Array) => rewritePng(png, readPngChunks(png), (c) => readPngText(c) !== undefined);

describe("export as a card PNG", () => {
  const picture = drawPng(8, 8, [10, 120, 200]);
  for (const [label, character] of Object.entries(characters)) {
    test(`${label}: importing the card gives the same character and the same picture`, () => {
      const png = toCardPng(character, picture);
      const back = readCharacterFile(png, { inflate });
      expect(back.character).toEqual(character);
      expect(back.picture).toEqual(picture);
      expect(back.ignored).toEqual([]);
      expect(back.notes.some((n) => n.includes("a card Milady exported"))).toBe(true);
    });
  }

  test("other apps read the card's own V2 fields (name, description, personality, examples, tags)", () => {
    const c = characters["a V2 card's character"] as Character;
    const card = cardJson(toCardPng(c, picture));
    expect(card.spec).toBe("chara_card_v2");
    const data = card.data as Record<string, unknown>;
    expect(data.name).toBe(c.name);
    expect(data.description).toBe(c.bio.join("\n"));
    expect(data.personality).toBe("brave, sardonic, loyal");
    expect(String(data.mes_example)).toContain("<START>\n{{user}}: Where are we headed?\n{{char}}: North");
    expect(data.tags).toEqual(["adventure", "airships", "fantasy"]);
    expect(JSON.stringify(card)).not.toMatch(/"secrets"|"id"/);
  });

  test("an old card chunk in the stored picture is replaced, not doubled; the pixels are kept", () => {
    const stale = insertChunks(picture, textChunk("chara", "bm90IGEgY2FyZA=="), textChunk("ccv3", "eA=="));
    const png = toCardPng(DEFAULT_CHARACTER, stale);
    const keywords = readPngChunks(png)
      .map((c) => readPngText(c)?.keyword)
      .filter(Boolean);
    expect(keywords).toEqual(["chara"]);
    expect(withoutText(png)).toEqual(withoutText(stale));
  });

  test("a card edited in another app after the export is read by its fields, and the import says so", () => {
    const card = cardJson(toCardPng(DEFAULT_CHARACTER, picture));
    const data = card.data as Record<string, unknown>;
    data.description = "Edited in SillyTavern: a cheerful lighthouse keeper.";
    const back = readCharacterFile(cardPng(card), { inflate });
    expect(back.format).toBe("tavern-v2");
    expect(back.character.bio).toEqual(["Edited in SillyTavern: a cheerful lighthouse keeper."]);
    expect(back.notes.some((n) => n.includes("edited after Milady exported it"))).toBe(true);
  });
});

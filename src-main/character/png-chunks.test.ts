import { describe, expect, test } from "bun:test";
import { PNG } from "pngjs";
import { crc32, readPngChunks, readPngText, rewritePng } from "../../src-shared/character/png-chunks";
import { readCharacterFile } from "../../src-shared/character/read-character-file";
import { MiladyError } from "../../src-shared/protocol";
import {
  base64Json,
  drawPng,
  inflate,
  insertChunks,
  itxtChunk,
  refusal,
  textChunk,
  V2_CARD,
} from "../../test/support/character-cards";

describe("the PNG chunk reader", () => {
  test("reads a pngjs PNG: IHDR first, IEND last, every CRC checked", () => {
    const chunks = readPngChunks(drawPng());
    expect(chunks[0]?.type).toBe("IHDR");
    expect(chunks.at(-1)?.type).toBe("IEND");
    expect(chunks.some((c) => c.type === "IDAT")).toBe(true);
  });

  test("crc32 matches the known value for IEND", () => {
    expect(crc32(new Uint8Array([0x49, 0x45, 0x4e, 0x44]))).toBe(0xae426082);
  });

  test("finds tEXt, iTXt and compressed iTXt text", () => {
    const png = insertChunks(
      drawPng(),
      textChunk("chara", "abc"),
      itxtChunk("ccv3", "ünï"),
      itxtChunk("note", "zipped", true),
    );
    const texts = readPngChunks(png)
      .map((c) => readPngText(c, inflate))
      .filter(Boolean);
    expect(texts).toEqual([
      { keyword: "chara", text: "abc", chunk: "tEXt" },
      { keyword: "ccv3", text: "ünï", chunk: "iTXt" },
      { keyword: "note", text: "zipped", chunk: "iTXt" },
    ]);
    // Without an inflater a compressed chunk is skipped rather than misread.
    expect(
      readPngChunks(png)
        .map((c) => readPngText(c))
        .filter(Boolean),
    ).toHaveLength(2);
  });

  test("a flipped byte fails the CRC check, naming the chunk", () => {
    const png = insertChunks(drawPng(), textChunk("chara", base64Json(V2_CARD)));
    const at = readPngChunks(png)[1]!.start + 20; // inside the tEXt data
    png[at] = (png[at] as number) ^ 0xff;
    const error = refusal(() => readPngChunks(png));
    expect(error.message).toContain("tEXt chunk");
    expect(error.message).toContain("CRC");
    expect(error.fix).toContain("export the card again");
  });

  test("a PNG cut short, and a file that is not a PNG", () => {
    const png = drawPng();
    expect(refusal(() => readPngChunks(png.subarray(0, png.length - 6))).message).toMatch(/cut short|broken chunk/);
    expect(refusal(() => readPngChunks(new TextEncoder().encode("{}"))).message).toContain("not a PNG");
  });

  test("rewriting without the card chunk keeps a picture pngjs can decode", () => {
    const png = insertChunks(drawPng(8, 4, [1, 2, 3]), textChunk("chara", "x"), textChunk("Software", "y"));
    const chunks = readPngChunks(png);
    const out = rewritePng(png, chunks, (c) => readPngText(c)?.keyword === "chara");
    const types = readPngChunks(out).map((c) => readPngText(c)?.keyword ?? c.type);
    expect(types).not.toContain("chara");
    expect(types).toContain("Software");
    const decoded = PNG.sync.read(Buffer.from(out));
    expect([decoded.width, decoded.height, ...decoded.data.subarray(0, 3)]).toEqual([8, 4, 1, 2, 3]);
  });
});

describe("a PNG that is not a card", () => {
  test("a plain picture says it carries no card, and what to do", () => {
    const error = refusal(() => readCharacterFile(drawPng(), { inflate }));
    expect(error.message).toContain("carries no character card");
    expect(error.fix).toContain(".json");
  });

  test("a chara chunk that is not base64 JSON says so", () => {
    const error = refusal(() =>
      readCharacterFile(insertChunks(drawPng(), textChunk("chara", "%%%not json")), { inflate }),
    );
    expect(error.message).toContain('"chara" chunk is not JSON');
  });
});

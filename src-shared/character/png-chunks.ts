import { MiladyError } from "../protocol/errors";

/**
 * A small PNG chunk reader: enough to find the text chunks a Tavern character card hides its
 * JSON in (`chara`, `ccv3`) and to rewrite the picture without them. It checks the signature,
 * every chunk's length and CRC, and stops at IEND; it never decodes pixels.
 */

export const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngChunk {
  /** Four ASCII letters: IHDR, tEXt, iTXt, IDAT, IEND... */
  type: string;
  data: Uint8Array;
  /** Where the chunk starts in the file (its length field). */
  start: number;
  /** Where the next chunk starts. */
  end: number;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 as PNG computes it (ISO 3309), over the chunk type and data. */
export function crc32(...parts: Uint8Array[]): number {
  let c = 0xffffffff;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) c = (CRC_TABLE[(c ^ (part[i] as number)) & 0xff] as number) ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

const ascii = (bytes: Uint8Array) => String.fromCharCode(...bytes);
const readU32 = (bytes: Uint8Array, at: number) =>
  (((bytes[at] as number) << 24) |
    ((bytes[at + 1] as number) << 16) |
    ((bytes[at + 2] as number) << 8) |
    (bytes[at + 3] as number)) >>>
  0;

const DAMAGED_FIX = "export the card again from the app that made it; this file is damaged or cut short";

/** Every chunk up to and including IEND. A bad signature, a cut-off chunk or a wrong CRC is an error. */
export function readPngChunks(bytes: Uint8Array): PngChunk[] {
  if (!isPng(bytes)) {
    throw new MiladyError(
      "validation_failed",
      "this file is not a PNG picture",
      "pick a .png character card or a .json character file",
    );
  }
  const chunks: PngChunk[] = [];
  let at = PNG_SIGNATURE.length;
  while (at < bytes.length) {
    if (at + 12 > bytes.length)
      throw new MiladyError("validation_failed", `the PNG is cut short at byte ${at}`, DAMAGED_FIX);
    const length = readU32(bytes, at);
    const typeBytes = bytes.subarray(at + 4, at + 8);
    const type = ascii(typeBytes);
    const dataEnd = at + 8 + length;
    if (!/^[A-Za-z]{4}$/.test(type) || dataEnd + 4 > bytes.length) {
      throw new MiladyError("validation_failed", `the PNG has a broken chunk at byte ${at}`, DAMAGED_FIX);
    }
    const data = bytes.subarray(at + 8, dataEnd);
    if (crc32(typeBytes, data) !== readU32(bytes, dataEnd)) {
      throw new MiladyError(
        "validation_failed",
        `the PNG's ${type} chunk at byte ${at} fails its CRC check`,
        DAMAGED_FIX,
      );
    }
    chunks.push({ type, data, start: at, end: dataEnd + 4 });
    at = dataEnd + 4;
    if (type === "IEND") return chunks;
  }
  throw new MiladyError("validation_failed", "the PNG has no IEND chunk (it is cut short)", DAMAGED_FIX);
}

/** Decompresses zlib data (zTXt, compressed iTXt). Main passes node:zlib's; without it those chunks are skipped. */
export type Inflate = (data: Uint8Array) => Uint8Array;

export interface PngText {
  keyword: string;
  text: string;
  chunk: "tEXt" | "zTXt" | "iTXt";
}

const utf8 = new TextDecoder("utf-8", { fatal: false });
const latin1 = new TextDecoder("latin1");

function split(data: Uint8Array, from: number): [Uint8Array, number] {
  const zero = data.indexOf(0, from);
  return zero < 0 ? [data.subarray(from), data.length] : [data.subarray(from, zero), zero + 1];
}

/** The text of one tEXt, zTXt or iTXt chunk; undefined for another chunk or a compressed one with no `inflate`. */
export function readPngText(chunk: PngChunk, inflate?: Inflate): PngText | undefined {
  const { data, type } = chunk;
  if (type !== "tEXt" && type !== "zTXt" && type !== "iTXt") return undefined;
  const [keywordBytes, next] = split(data, 0);
  const keyword = latin1.decode(keywordBytes);
  if (type === "tEXt") return { keyword, text: latin1.decode(data.subarray(next)), chunk: type };
  if (type === "zTXt") {
    if (!inflate) return undefined;
    return { keyword, text: latin1.decode(inflate(data.subarray(next + 1))), chunk: type };
  }
  // iTXt: keyword \0 compressed? method \0-terminated language \0-terminated translated keyword, then UTF-8 text.
  const compressed = data[next] === 1;
  const [, afterLanguage] = split(data, next + 2);
  const [, textStart] = split(data, afterLanguage);
  const body = data.subarray(textStart);
  if (compressed && !inflate) return undefined;
  return { keyword, text: utf8.decode(compressed && inflate ? inflate(body) : body), chunk: type };
}

/** Builds one chunk (length, type, data, CRC): for rewriting a picture and for tests. */
export function encodePngChunk(type: string, data: Uint8Array): Uint8Array {
  const typeBytes = new Uint8Array([...type].map((c) => c.charCodeAt(0)));
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(typeBytes, 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(typeBytes, data));
  return out;
}

/** The same PNG without the chunks `drop` picks (the card's text: the stored picture need not carry the card). */
export function rewritePng(bytes: Uint8Array, chunks: PngChunk[], drop: (chunk: PngChunk) => boolean): Uint8Array {
  const kept = chunks.filter((chunk) => !drop(chunk));
  const size = PNG_SIGNATURE.length + kept.reduce((sum, c) => sum + (c.end - c.start), 0);
  const out = new Uint8Array(size);
  out.set(PNG_SIGNATURE, 0);
  let at = PNG_SIGNATURE.length;
  for (const chunk of kept) {
    out.set(bytes.subarray(chunk.start, chunk.end), at);
    at += chunk.end - chunk.start;
  }
  return out;
}

/** The text chunks a Tavern card keeps its JSON in: `ccv3` (V3) wins over `chara` (V2). */
export const CARD_KEYWORDS = ["ccv3", "chara"];

/** True for a card's text chunk (compressed ones only with `inflate`): what a stored picture leaves out. */
export function isCardChunk(chunk: PngChunk, inflate?: Inflate): boolean {
  const text = readPngText(chunk, inflate);
  return text !== undefined && CARD_KEYWORDS.includes(text.keyword.toLowerCase());
}

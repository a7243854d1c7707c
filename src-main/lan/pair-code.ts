import { randomInt } from "node:crypto";

/** No 0/O, no 1/I/L: a code read off a screen and typed on a phone must not be ambiguous. */
export const PAIR_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const PAIR_CODE_LENGTH = 8;

export function newPairCode(): string {
  let code = "";
  for (let i = 0; i < PAIR_CODE_LENGTH; i++) code += PAIR_CODE_ALPHABET[randomInt(PAIR_CODE_ALPHABET.length)];
  return code;
}

/** What a person typed, as the code it means: case, spaces and dashes do not matter. */
export function normalizePairCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, "");
}

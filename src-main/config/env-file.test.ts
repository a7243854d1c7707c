import { expect, test } from "bun:test";
import { parseEnvText, updateEnvText } from "./env-file";

test("parses quotes, comments and export", () => {
  const env = parseEnvText("# c\nA=1\nexport B=\"two words\"\nC='x#y'\nD=plain # note\n\nbad line\n");
  expect(env).toEqual({ A: "1", B: "two words", C: "x#y", D: "plain" });
});

test("updates keep other lines and comments", () => {
  const text = "# keys\nA=1\nB=2\n";
  expect(updateEnvText(text, { A: "9", C: "new value", B: null })).toBe('# keys\nA=9\nC="new value"\n');
});

import { describe, expect, test } from "bun:test";
import { LipSync, textToVisemes, VISEME_RATE } from "./visemes";

describe("textToVisemes", () => {
  test("vowels map to the five VRM visemes, consonants close the mouth", () => {
    const cues = textToVisemes("ma pe ki so tu");
    const shapes = cues.map((c) => c.viseme);
    // A space plus the next consonant is one closure.
    expect(shapes).toEqual([null, "aa", null, "ee", null, "ih", null, "oh", null, "ou"]);
  });

  test("repeated shapes merge instead of stuttering; punctuation pauses", () => {
    const cues = textToVisemes("strooo. ok");
    expect(cues[0]).toEqual({ viseme: null, cues: 1 }); // "str" is one closure
    expect(cues[1].viseme).toBe("oh");
    expect(cues[1].cues).toBeGreaterThan(1);
    expect(cues.some((c) => c.viseme === null && c.cues === 3)).toBe(true); // "."
  });

  test("other scripts still move the mouth (one syllable per glyph)", () => {
    const cues = textToVisemes("こんにちは");
    expect(cues.filter((c) => c.viseme !== null).length).toBe(5);
  });

  test("empty or symbol-only text gives no open mouth", () => {
    expect(textToVisemes("").length).toBe(0);
    expect(textToVisemes("🙂 ~").every((c) => c.viseme === null)).toBe(true);
  });
});

describe("LipSync", () => {
  const run = (ls: LipSync, seconds: number, dt = 1 / 60) => {
    const seen = new Set<string>();
    let peak = 0;
    for (let t = 0; t < seconds; t += dt) {
      const w = ls.update(dt);
      for (const [k, v] of Object.entries(w)) {
        if (v > 0.5) seen.add(k);
        peak = Math.max(peak, v);
      }
    }
    return { seen, peak };
  };

  test("plays visemes at ~12/s and decays to closed after the text ends", () => {
    const ls = new LipSync();
    ls.push("hello aoi");
    const cues = textToVisemes("hello aoi").reduce((s, c) => s + c.cues, 0);
    expect(ls.backlog).toBeCloseTo(cues / VISEME_RATE, 5);
    const { seen, peak } = run(ls, cues / VISEME_RATE + 0.05);
    expect(peak).toBeGreaterThan(0.7);
    expect(seen.has("ee") || seen.has("oh") || seen.has("aa")).toBe(true);
    run(ls, 0.6);
    expect(ls.speaking).toBe(false);
    expect(Math.max(...Object.values(ls.update(1 / 60)))).toBe(0);
  });

  test("a long backlog is played faster so the mouth does not lag the reply", () => {
    const ls = new LipSync();
    ls.push("a".repeat(1).concat(" banana".repeat(40)));
    const before = ls.backlog;
    expect(before).toBeGreaterThan(6);
    run(ls, 1);
    expect(before - ls.backlog).toBeGreaterThan(1.5); // > 1 s of cues consumed in 1 s
  });

  test("clear() stops speaking at once", () => {
    const ls = new LipSync();
    ls.push("talking for a while");
    ls.clear();
    expect(ls.speaking).toBe(false);
  });
});

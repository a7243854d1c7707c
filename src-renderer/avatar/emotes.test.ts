import { describe, expect, test } from "bun:test";
import { EMOTES } from "../../src-shared/protocol/events";
import { EMOTE_ATTACK, emoteDuration, envelope, evaluateEmote } from "./emotes";

describe("emotes", () => {
  test("every shared EMOTE has a 1-2 s definition that starts and ends at idle", () => {
    for (const emote of EMOTES) {
      const d = emoteDuration(emote);
      expect(d).toBeGreaterThanOrEqual(1);
      expect(d).toBeLessThanOrEqual(2);
      const start = evaluateEmote(emote, 0);
      for (const [x, y, z] of Object.values(start?.bones ?? {}))
        expect(Math.abs(x) + Math.abs(y) + Math.abs(z)).toBe(0);
      expect(evaluateEmote(emote, d)).toBeNull();
      let peak = 0;
      for (let t = 0; t < d; t += 0.05) {
        for (const [x, y, z] of Object.values(evaluateEmote(emote, t)?.bones ?? {}))
          peak = Math.max(peak, Math.abs(x) + Math.abs(y) + Math.abs(z));
      }
      expect(peak).toBeGreaterThan(0.1);
    }
  });

  test("emotion emotes peak their expression; wave raises the right arm and waves the forearm", () => {
    for (const e of ["happy", "sad", "angry", "surprised", "relaxed"] as const) {
      expect(evaluateEmote(e, emoteDuration(e) / 2)?.expressions[e]).toBeCloseTo(1, 5);
    }
    const a = evaluateEmote("wave", 0.8)?.bones.rightLowerArm?.[2] ?? 0;
    const b = evaluateEmote("wave", 0.9)?.bones.rightLowerArm?.[2] ?? 0;
    expect(a).toBeLessThan(-1.5);
    expect(Math.abs(a - b)).toBeGreaterThan(0.1); // the hand is moving
    expect(evaluateEmote("nod", 0.15)?.bones.head?.[0]).toBeGreaterThan(0.05);
    expect(Math.abs(evaluateEmote("shake", 0.4)?.bones.head?.[1] ?? 0)).toBeGreaterThan(0.05);
  });

  test("envelope is smooth: 0 at the ends, 1 while held", () => {
    expect(envelope(0, 2)).toBe(0);
    expect(envelope(EMOTE_ATTACK, 2)).toBeCloseTo(1, 5);
    expect(envelope(1, 2)).toBe(1);
    expect(envelope(1.99, 2)).toBeLessThan(0.01);
    expect(envelope(EMOTE_ATTACK / 2, 2)).toBeCloseTo(0.5, 5);
  });
});

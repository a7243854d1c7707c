import { describe, expect, test } from "bun:test";
import { BLINK_TOTAL, BlinkScheduler, blinkShape } from "./blink";

/** Deterministic LCG so the schedule is reproducible. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

describe("blinkShape", () => {
  test("closes, holds shut, reopens", () => {
    expect(blinkShape(0)).toBe(0);
    expect(blinkShape(0.03)).toBeCloseTo(0.5, 5);
    expect(blinkShape(0.08)).toBe(1);
    expect(blinkShape(BLINK_TOTAL - 0.001)).toBeLessThan(0.01);
    expect(blinkShape(BLINK_TOTAL)).toBe(0);
  });
});

describe("BlinkScheduler", () => {
  test("blinks every 2-6 s with occasional double blinks", () => {
    const s = new BlinkScheduler(seeded(42));
    const dt = 1 / 60;
    const starts: number[] = [];
    let prev = 0;
    for (let t = 0; t < 600; t += dt) {
      const w = s.update(dt);
      if (w > 0 && prev === 0) starts.push(t);
      prev = w;
    }
    const gaps = starts.slice(1).map((t, i) => t - starts[i]);
    const doubles = gaps.filter((g) => g < 0.5).length;
    const normal = gaps.filter((g) => g >= 0.5);
    expect(starts[0]).toBeGreaterThanOrEqual(2 - dt);
    expect(Math.min(...normal)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...normal)).toBeLessThanOrEqual(6 + BLINK_TOTAL + 0.1);
    // 600 s at a 4 s mean interval: ~140 blinks, ~15 % of them doubled.
    expect(starts.length).toBeGreaterThan(100);
    expect(starts.length).toBeLessThan(200);
    expect(doubles).toBeGreaterThan(5);
    expect(doubles / normal.length).toBeLessThan(0.35);
    expect(s.blinks).toBe(starts.length);
  });

  test("large frame steps never skip the lid fully open (weight stays within 0..1)", () => {
    const s = new BlinkScheduler(seeded(1));
    for (let i = 0; i < 1000; i++) {
      const w = s.update(0.1);
      expect(w).toBeGreaterThanOrEqual(0);
      expect(w).toBeLessThanOrEqual(1);
    }
  });
});

import { describe, expect, test } from "bun:test";
import { type FigureBounds, frameFigure } from "./framing";

const FOV = 30;

/** A standing figure `height` tall, arms down, feet on the floor. */
const figure = (height: number, width = height * 0.36): FigureBounds => ({
  min: { x: -width / 2, y: 0, z: -0.12 * height },
  max: { x: width / 2, y: height, z: 0.12 * height },
  hipsY: 0.55 * height,
  headY: 0.87 * height,
});

/** Where world height `y` lands on the canvas, as a fraction from the top (camera looks straight ahead). */
function screenY(f: ReturnType<typeof frameFigure>, y: number, z = 0): number {
  const depth = f.position.z - z;
  const halfSpan = depth * Math.tan(((FOV / 2) * Math.PI) / 180);
  return 0.5 - (y - f.position.y) / (2 * halfSpan);
}

describe("frameFigure", () => {
  test("a tall canvas (the desktop column) shows head to toe: the head just under the top, the feet just above the bottom", () => {
    const fig = figure(1.55);
    const f = frameFigure(fig, 384 / 743, FOV);
    expect(f.mode).toBe("full");
    expect(screenY(f, fig.max.y)).toBeGreaterThan(0.01);
    expect(screenY(f, fig.max.y)).toBeLessThan(0.05);
    expect(screenY(f, fig.min.y)).toBeGreaterThan(0.95);
    expect(screenY(f, fig.min.y)).toBeLessThan(0.99);
  });

  test("a wide canvas (the phone strip) crops head to hips, still with no empty space above the head", () => {
    const fig = figure(1.55);
    const f = frameFigure(fig, 390 / 270, FOV);
    expect(f.mode).toBe("portrait");
    expect(screenY(f, fig.max.y)).toBeLessThan(0.05);
    const hips = screenY(f, fig.hipsY!);
    expect(hips).toBeGreaterThan(0.85);
    expect(hips).toBeLessThan(1);
    expect(f.headAt).toBeGreaterThan(0.1);
    expect(f.headAt).toBeLessThan(0.35);
  });

  test("computed from the model: a 1.2 m and a 1.9 m avatar land in the same place on the canvas", () => {
    for (const aspect of [0.5, 0.75, 1.5]) {
      const small = frameFigure(figure(1.2), aspect, FOV);
      const tall = frameFigure(figure(1.9), aspect, FOV);
      expect(small.mode).toBe(tall.mode);
      expect(screenY(small, 1.2)).toBeCloseTo(screenY(tall, 1.9), 5);
      expect(tall.position.z).toBeGreaterThan(small.position.z); // further away, not cut off
    }
  });

  test("a very narrow canvas keeps the figure's width in view rather than cutting off the arms", () => {
    const fig = figure(1.55, 0.6);
    const f = frameFigure(fig, 0.2, FOV);
    const halfWidth = (f.position.z - 0) * Math.tan(((FOV / 2) * Math.PI) / 180) * 0.2;
    expect(halfWidth).toBeGreaterThanOrEqual(0.3);
    expect(screenY(f, fig.max.y)).toBeLessThan(0.05); // still anchored at the head
  });

  test("an avatar that is not centred on the origin is centred in the view", () => {
    const fig = figure(1.5);
    const moved: FigureBounds = {
      ...fig,
      min: { ...fig.min, x: fig.min.x + 2, z: fig.min.z - 1 },
      max: { ...fig.max, x: fig.max.x + 2, z: fig.max.z - 1 },
    };
    const f = frameFigure(moved, 0.6, FOV);
    expect(f.target.x).toBeCloseTo(2, 5);
    expect(f.target.z).toBeCloseTo(-1, 5);
    expect(f.position.x).toBeCloseTo(2, 5);
  });
});

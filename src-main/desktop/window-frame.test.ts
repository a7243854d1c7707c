import { describe, expect, test } from "bun:test";
import { centredFrame, DEFAULT_SIZE, isSaneFrame, restoreFrame, visibleFraction } from "./window-frame";

const LAPTOP = { x: 0, y: 25, width: 1440, height: 875 }; // below a menu bar
const RIGHT = { x: 1440, y: 0, width: 1920, height: 1080 }; // a second monitor to the right
const LEFT = { x: -1280, y: 0, width: 1280, height: 1024 }; // or to the left: negative coordinates

describe("restoreFrame", () => {
  test("a frame that is on screen comes back exactly", () => {
    const saved = { x: 100, y: 80, width: 1000, height: 700 };
    expect(restoreFrame(saved, [LAPTOP])).toEqual(saved);
    const onSecond = { x: 1600, y: 100, width: 1200, height: 800 };
    expect(restoreFrame(onSecond, [LAPTOP, RIGHT])).toEqual(onSecond);
    const onLeft = { x: -1200, y: 50, width: 1000, height: 800 };
    expect(restoreFrame(onLeft, [LAPTOP, LEFT])).toEqual(onLeft);
  });

  test("a frame on a display that is gone is reset to the default, centred on the primary display", () => {
    const onSecond = { x: 1600, y: 100, width: 1200, height: 800 };
    const reset = restoreFrame(onSecond, [LAPTOP]);
    expect(reset).toEqual(centredFrame(LAPTOP));
    expect(reset.width).toBe(DEFAULT_SIZE.width);
    expect(Math.abs(reset.x + reset.width / 2 - (LAPTOP.x + LAPTOP.width / 2))).toBeLessThanOrEqual(1);
    expect(Math.abs(reset.y + reset.height / 2 - (LAPTOP.y + LAPTOP.height / 2))).toBeLessThanOrEqual(1);
  });

  test("mostly off screen is reset; half on with a reachable title bar is kept", () => {
    const mostlyOff = { x: 1200, y: 100, width: 1000, height: 600 }; // 240 of 1000 px wide on the laptop
    expect(restoreFrame(mostlyOff, [LAPTOP])).toEqual(centredFrame(LAPTOP));
    const halfOn = { x: 840, y: 100, width: 1000, height: 600 }; // 600 of 1000 px
    expect(restoreFrame(halfOn, [LAPTOP])).toEqual(halfOn);
  });

  test("a title bar above the top of every display cannot be dragged: reset", () => {
    const titleHidden = { x: 100, y: -20, width: 1000, height: 700 };
    expect(visibleFraction(titleHidden, [LAPTOP])).toBeGreaterThan(0.9);
    expect(restoreFrame(titleHidden, [LAPTOP])).toEqual(centredFrame(LAPTOP));
  });

  test("a frame larger than its display (a smaller monitor now) is shrunk to fit, staying on it", () => {
    const big = { x: 0, y: 25, width: 1900, height: 875 };
    expect(restoreFrame(big, [LAPTOP])).toEqual({ x: 0, y: 25, width: 1440, height: 875 });
  });

  test("nonsense or missing saved frames give the centred default; no displays known trusts the saved frame", () => {
    for (const bad of [
      undefined,
      { x: Number.NaN, y: 0, width: 900, height: 700 },
      { x: 0, y: 0, width: 10, height: 10 },
    ])
      expect(restoreFrame(bad as never, [LAPTOP])).toEqual(centredFrame(LAPTOP));
    const saved = { x: 5000, y: 5000, width: 900, height: 700 };
    expect(restoreFrame(saved, [])).toEqual(saved);
    expect(restoreFrame(undefined, [])).toEqual({ x: 80, y: 80, ...DEFAULT_SIZE });
  });

  test("the default fits a small display", () => {
    const small = { x: 0, y: 0, width: 1024, height: 600 };
    const frame = centredFrame(small);
    expect(frame.width).toBeLessThanOrEqual(small.width);
    expect(frame.height).toBeLessThanOrEqual(small.height);
    expect(frame.x).toBeGreaterThanOrEqual(0);
    expect(frame.y).toBeGreaterThanOrEqual(0);
  });

  test("isSaneFrame refuses what JSON could smuggle in", () => {
    expect(isSaneFrame({ x: 0, y: 0, width: 800, height: 600 })).toBe(true);
    expect(isSaneFrame({ x: "0", y: 0, width: 800, height: 600 })).toBe(false);
    expect(isSaneFrame({ x: 0, y: 0, width: 1e9, height: 600 })).toBe(false);
    expect(isSaneFrame(null)).toBe(false);
  });
});

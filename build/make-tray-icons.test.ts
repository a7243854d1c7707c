import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PNG } from "pngjs";
import type { TrayIconState } from "../src-main/desktop/shell";
import { TRAY_STATES, trayIconPng } from "./make-tray-icons";

describe("tray icons", () => {
  test("every tray state has its committed icon, the same bytes the generator makes", () => {
    const states: TrayIconState[] = ["running", "stopped", "paused", "error", "busy"];
    expect(Object.keys(TRAY_STATES).sort()).toEqual([...states].sort());
    for (const state of states) {
      const committed = readFileSync(join(import.meta.dir, "..", "assets", "tray", `${state}.png`));
      expect(committed.equals(trayIconPng(TRAY_STATES[state]))).toBe(true);
      const png = PNG.sync.read(committed);
      expect([png.width, png.height]).toEqual([44, 44]);
      // Transparent corners, the state's colour in the middle.
      expect(png.data[3]).toBe(0);
      const mid = (22 * 44 + 22) * 4;
      expect([...png.data.subarray(mid, mid + 4)]).toEqual([...TRAY_STATES[state], 255]);
    }
  });
});

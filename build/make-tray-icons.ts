/**
 * Writes the tray icons, one per agent state (assets/tray/<state>.png): a filled dot in the
 * state's colour inside a ring, 44x44 (22 pt at 2x), antialiased. Drawn from code so the
 * repository needs no image editor and a state can get a new colour in one line.
 *
 * Usage: bun build/make-tray-icons.ts [OUT_DIR]   (default assets/tray)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PNG } from "pngjs";

export const TRAY_STATES = {
  running: [52, 199, 89],
  paused: [255, 179, 64],
  stopped: [142, 142, 147],
  error: [255, 69, 58],
  busy: [10, 132, 255],
} as const;

const SIZE = 44;

/** Coverage of a pixel by a disc of radius r centred in the icon (4x4 supersampling). */
function coverage(px: number, py: number, r: number): number {
  let inside = 0;
  for (let sy = 0; sy < 4; sy++)
    for (let sx = 0; sx < 4; sx++) {
      const dx = px + (sx + 0.5) / 4 - SIZE / 2;
      const dy = py + (sy + 0.5) / 4 - SIZE / 2;
      if (dx * dx + dy * dy <= r * r) inside++;
    }
  return inside / 16;
}

export function trayIconPng(rgb: readonly [number, number, number]): Buffer {
  const png = new PNG({ width: SIZE, height: SIZE });
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      const ring = coverage(x, y, 20) - coverage(x, y, 17);
      const dot = coverage(x, y, 12);
      const alpha = Math.min(1, ring + dot);
      const i = (y * SIZE + x) * 4;
      png.data[i] = rgb[0];
      png.data[i + 1] = rgb[1];
      png.data[i + 2] = rgb[2];
      png.data[i + 3] = Math.round(alpha * 255);
    }
  return PNG.sync.write(png);
}

export function writeTrayIcons(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return Object.entries(TRAY_STATES).map(([state, rgb]) => {
    const path = join(dir, `${state}.png`);
    writeFileSync(path, trayIconPng(rgb));
    return path;
  });
}

if (import.meta.main) {
  const out = process.argv[2] ?? join(import.meta.dir, "..", "assets", "tray");
  for (const path of writeTrayIcons(out)) console.log(path);
}

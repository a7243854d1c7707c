/**
 * Makes every icon the desktop app needs from one source image, assets/icon.png
 * (square, at least 1024 px, the glyph in light strokes):
 *
 *   dist/icons/icon.iconset/icon_<n>x<n>[@2x].png   macOS app icon (iconutil makes the .icns)
 *   dist/icons/icon.ico                              Windows app icon, 16–256 px
 *   dist/icons/icon.png                              Linux app icon, 512 px
 *   dist/icons/tray/<state>.png, <state>@2x.png      Windows/Linux tray, 32 / 64 px
 *   dist/icons/tray/<state>-template[@2x].png        macOS menu bar template, 22 / 44 px
 *
 * for the states running, stopped, paused, error and busy.
 *
 *   bun build/make-icons.ts [source.png] [out-dir]
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { icoFromPngs } from "./icons/ico";
import { decode, downscale, encode } from "./icons/raster";
import { colourTrayIcon, glyphMask, TRAY_STATES, templateTrayIcon } from "./icons/tray-icons";

const repo = fileURLToPath(new URL("..", import.meta.url));
export const ICON_SOURCE = join(repo, "assets", "icon.png");
export const ICONS_OUT_DIR = join(repo, "dist", "icons");

const ICONSET_SIZES = [16, 32, 128, 256, 512];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

export function makeIcons(source = ICON_SOURCE, outDir = ICONS_OUT_DIR): string[] {
  const image = decode(readFileSync(source));
  if (image.width !== image.height || image.width < 1024) {
    throw new Error(`${source} is ${image.width}×${image.height}: the icon source must be square and at least 1024 px`);
  }
  rmSync(outDir, { recursive: true, force: true });
  const written: string[] = [];
  const write = (path: string, bytes: Buffer) => {
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, bytes);
    written.push(path);
  };
  for (const size of ICONSET_SIZES) {
    write(join(outDir, "icon.iconset", `icon_${size}x${size}.png`), encode(downscale(image, size)));
    write(join(outDir, "icon.iconset", `icon_${size}x${size}@2x.png`), encode(downscale(image, size * 2)));
  }
  write(
    join(outDir, "icon.ico"),
    icoFromPngs(ICO_SIZES.map((size) => ({ size, png: encode(downscale(image, size)) }))),
  );
  write(join(outDir, "icon.png"), encode(downscale(image, 512)));
  const glyph = glyphMask(image);
  for (const state of TRAY_STATES) {
    write(join(outDir, "tray", `${state}.png`), encode(colourTrayIcon(image, state, 32)));
    write(join(outDir, "tray", `${state}@2x.png`), encode(colourTrayIcon(image, state, 64)));
    write(join(outDir, "tray", `${state}-template.png`), encode(templateTrayIcon(glyph, state, 22)));
    write(join(outDir, "tray", `${state}-template@2x.png`), encode(templateTrayIcon(glyph, state, 44)));
  }
  return written;
}

if (import.meta.main) {
  const t0 = performance.now();
  const written = makeIcons(process.argv[2] ?? ICON_SOURCE, process.argv[3] ?? ICONS_OUT_DIR);
  console.log(
    `${written.length} icons in ${Math.round(performance.now() - t0)} ms -> ${process.argv[3] ?? ICONS_OUT_DIR}`,
  );
}

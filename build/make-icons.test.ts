import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readIco } from "./icons/ico";
import { blank, decode, encode } from "./icons/raster";
import { TRAY_STATES } from "./icons/tray-icons";
import { ICON_SOURCE, makeIcons } from "./make-icons";

const out = mkdtempSync(join(tmpdir(), "milady-icons-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const written = makeIcons(ICON_SOURCE, out);
const read = (rel: string) => decode(readFileSync(join(out, rel)));

describe("icons from assets/icon.png", () => {
  test("the macOS iconset has every size iconutil expects, at 1x and 2x", () => {
    for (const size of [16, 32, 128, 256, 512]) {
      expect(read(`icon.iconset/icon_${size}x${size}.png`).width).toBe(size);
      expect(read(`icon.iconset/icon_${size}x${size}@2x.png`).width).toBe(size * 2);
    }
  });

  test("the Windows .ico holds 16–256 px PNGs that decode to their stated size", () => {
    const entries = readIco(readFileSync(join(out, "icon.ico")));
    expect(entries.map((e) => e.size)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (const e of entries) expect(decode(e.png).width).toBe(e.size);
  });

  test("tray icons exist for every state and look different from each other", () => {
    const names = TRAY_STATES.flatMap((s) => [`${s}.png`, `${s}@2x.png`, `${s}-template.png`, `${s}-template@2x.png`]);
    for (const name of names) expect(written).toContain(join(out, "tray", name));
    for (const suffix of ["@2x.png", "-template@2x.png"]) {
      const images = TRAY_STATES.map((s) => read(`tray/${s}${suffix}`).data.toString("hex"));
      expect(new Set(images).size).toBe(TRAY_STATES.length);
    }
    expect(read("tray/running.png").width).toBe(32);
    expect(read("tray/running-template.png").width).toBe(22);
  });

  test("menu-bar templates are black with alpha only, and not empty", () => {
    for (const state of TRAY_STATES) {
      const img = read(`tray/${state}-template@2x.png`);
      let opaque = 0;
      for (let i = 0; i < img.data.length; i += 4) {
        expect(img.data[i] + img.data[i + 1] + img.data[i + 2]).toBe(0);
        if (img.data[i + 3] > 128) opaque++;
      }
      expect(opaque).toBeGreaterThan(150);
    }
  });

  test("the badge carries the state's colour (green running, red error)", () => {
    const badgePixel = (state: string) => {
      const img = read(`tray/${state}@2x.png`);
      // Left of the badge's centre (~45,45 at 64 px): inside the disc, beside any symbol.
      const i = (45 * 64 + 36) * 4;
      return [img.data[i], img.data[i + 1], img.data[i + 2]];
    };
    const [r1, g1] = badgePixel("running");
    expect(g1).toBeGreaterThan(r1 + 80);
    const [r2, g2] = badgePixel("error");
    expect(r2).toBeGreaterThan(g2 + 80);
  });

  test("a source that is too small or not square is refused with what to use", () => {
    const small = join(out, "small.png");
    writeFileSync(small, encode(blank(256)));
    expect(() => makeIcons(small, join(out, "never"))).toThrow(/square and at least 1024 px/);
  });
});

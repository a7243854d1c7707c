import { blank, coverage, downscale, forEachPixel, type Image } from "./raster";

/** The agent states the tray shows (src-main/desktop/shell.ts TrayIconState). */
export const TRAY_STATES = ["running", "stopped", "paused", "error", "busy"] as const;
export type TrayState = (typeof TRAY_STATES)[number];

/**
 * Each state is a badge in the lower right corner: a disc with a symbol cut
 * out of it. The shape alone tells the states apart (macOS template icons are
 * one colour), and the colour repeats it on Windows and Linux.
 */
const BADGE_COLOUR: Record<TrayState, [number, number, number]> = {
  running: [34, 197, 94],
  stopped: [148, 155, 168],
  paused: [245, 158, 11],
  error: [239, 68, 68],
  busy: [59, 130, 246],
};

/** Signed distance (in badge radii, negative inside) of the symbol cut out of the badge. */
function symbolDistance(state: TrayState, x: number, y: number): number {
  const box = (cx: number, cy: number, hx: number, hy: number) =>
    Math.max(Math.abs(x - cx) - hx, Math.abs(y - cy) - hy);
  switch (state) {
    case "running":
      return Number.POSITIVE_INFINITY;
    case "stopped":
      return box(0, 0, 0.36, 0.36);
    case "paused":
      return Math.min(box(-0.24, 0, 0.11, 0.42), box(0.24, 0, 0.11, 0.42));
    case "error":
      return Math.min(box(0, -0.14, 0.1, 0.34), Math.hypot(x, y - 0.42) - 0.12);
    case "busy":
      return Math.abs(Math.hypot(x, y) - 0.36) - 0.1;
  }
}

interface Badge {
  /** Badge coverage 0..1 at a pixel (disc minus symbol). */
  at(x: number, y: number): number;
  /** 1 outside the badge and its gap, 0 where the icon is cleared so the badge stands apart. */
  keep(x: number, y: number): number;
}

function badge(state: TrayState, size: number): Badge {
  const r = size * 0.27;
  const cx = size - r - size * 0.02;
  const cy = size - r - size * 0.02;
  const gap = Math.max(1, size * 0.06);
  return {
    at(x, y) {
      const disc = coverage(Math.hypot(x - cx, y - cy) - r);
      const symbol = coverage(symbolDistance(state, (x - cx) / r, (y - cy) / r) * r);
      return disc * (1 - symbol);
    },
    keep(x, y) {
      return 1 - coverage(Math.hypot(x - cx, y - cy) - r - gap);
    },
  };
}

/** Windows/Linux: the app icon, dimmed when stopped, with the coloured badge. */
export function colourTrayIcon(appIcon: Image, state: TrayState, size: number): Image {
  const out = downscale(appIcon, size);
  const b = badge(state, size);
  const [br, bg, bb] = BADGE_COLOUR[state];
  forEachPixel(out, (x, y, i) => {
    let alpha = (out.data[i + 3] / 255) * b.keep(x, y);
    if (state === "stopped") {
      const grey = (out.data[i] + out.data[i + 1] + out.data[i + 2]) / 3;
      for (let c = 0; c < 3; c++) out.data[i + c] = Math.round(out.data[i + c] * 0.3 + grey * 0.7);
      alpha *= 0.6;
    }
    const k = b.at(x, y);
    const total = k + alpha * (1 - k);
    if (total > 0) {
      out.data[i] = Math.round((br * k + out.data[i] * alpha * (1 - k)) / total);
      out.data[i + 1] = Math.round((bg * k + out.data[i + 1] * alpha * (1 - k)) / total);
      out.data[i + 2] = Math.round((bb * k + out.data[i + 2] * alpha * (1 - k)) / total);
    }
    out.data[i + 3] = Math.round(total * 255);
  });
  return out;
}

/**
 * The light strokes of the source icon (its glyph) as an alpha mask: a macOS
 * menu-bar template is black with alpha only, and the system tints it.
 */
export function glyphMask(appIcon: Image): Image {
  const mask = blank(appIcon.width);
  forEachPixel(appIcon, (_x, _y, i) => {
    const light = Math.min(appIcon.data[i], appIcon.data[i + 1], appIcon.data[i + 2]);
    const a = (appIcon.data[i + 3] / 255) * Math.min(1, Math.max(0, (light - 200) / 55));
    mask.data[i + 3] = Math.round(a * 255);
  });
  return cropToContent(mask);
}

/** The smallest centred square holding every visible pixel (plus a little air), so the glyph fills the menu bar slot. */
function cropToContent(image: Image): Image {
  let x0 = image.width;
  let y0 = image.height;
  let x1 = -1;
  let y1 = -1;
  forEachPixel(image, (x, y, i) => {
    if (image.data[i + 3] === 0) return;
    x0 = Math.min(x0, Math.floor(x));
    y0 = Math.min(y0, Math.floor(y));
    x1 = Math.max(x1, Math.floor(x));
    y1 = Math.max(y1, Math.floor(y));
  });
  if (x1 < 0) throw new Error("the source icon has no light glyph to make a menu-bar template from");
  const side = Math.min(image.width, Math.ceil(Math.max(x1 - x0, y1 - y0) * 1.08) + 1);
  const left = Math.max(0, Math.min(image.width - side, Math.round((x0 + x1 - side) / 2)));
  const top = Math.max(0, Math.min(image.height - side, Math.round((y0 + y1 - side) / 2)));
  const out = blank(side);
  for (let y = 0; y < side; y++) {
    const from = ((top + y) * image.width + left) * 4;
    image.data.copy(out.data, y * side * 4, from, from + side * 4);
  }
  return out;
}

/** macOS: the glyph (half strength when stopped) with the badge, black on transparent. */
export function templateTrayIcon(glyph: Image, state: TrayState, size: number): Image {
  const out = downscale(glyph, size);
  const b = badge(state, size);
  forEachPixel(out, (x, y, i) => {
    const glyphAlpha = (out.data[i + 3] / 255) * b.keep(x, y) * (state === "stopped" ? 0.5 : 1);
    const k = b.at(x, y);
    out.data[i] = 0;
    out.data[i + 1] = 0;
    out.data[i + 2] = 0;
    out.data[i + 3] = Math.round((k + glyphAlpha * (1 - k)) * 255);
  });
  return out;
}

import type { DisplayArea, Rect } from "./shell";

/**
 * Where the window opens: the frame it had last time, unless that would put it where the
 * user cannot reach it (a display that was unplugged, a resolution that shrank). Pure
 * functions over the displays' usable areas, so every case is a unit test.
 */

export const DEFAULT_SIZE = { width: 1200, height: 820 } as const;
export const MIN_SIZE = { width: 420, height: 320 } as const;
/** Roughly the height of a title bar: the part the user drags a window by. */
const TITLE_BAR = 32;
/** At least this much of the title bar must be on a display, or the window cannot be dragged back. */
const MIN_TITLE_GRIP = 96;
/** A frame less visible than this ("mostly off screen") is reset. */
const MIN_VISIBLE_FRACTION = 0.5;
const MARGIN = 24;

function overlap(a: Rect, b: Rect): Rect | undefined {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : undefined;
}

const area = (r: Rect | undefined) => (r ? r.width * r.height : 0);

/** A usable rectangle: finite whole numbers, no smaller than MIN_SIZE. */
export function isSaneFrame(frame: unknown): frame is Rect {
  if (!frame || typeof frame !== "object") return false;
  const { x, y, width, height } = frame as Record<string, unknown>;
  return (
    [x, y, width, height].every((v) => typeof v === "number" && Number.isFinite(v) && Math.abs(v) < 1e6) &&
    (width as number) >= MIN_SIZE.width &&
    (height as number) >= MIN_SIZE.height
  );
}

/** The share of `frame` that some display shows (displays do not overlap each other). */
export function visibleFraction(frame: Rect, displays: readonly DisplayArea[]): number {
  const seen = displays.reduce((sum, d) => sum + area(overlap(frame, d)), 0);
  return Math.min(1, seen / (frame.width * frame.height));
}

function titleReachable(frame: Rect, displays: readonly DisplayArea[]): boolean {
  const strip = { x: frame.x, y: frame.y, width: frame.width, height: TITLE_BAR };
  return displays.some((d) => {
    const on = overlap(strip, d);
    return on !== undefined && on.width >= Math.min(MIN_TITLE_GRIP, frame.width) && on.height >= TITLE_BAR / 2;
  });
}

/** The default size (or less, on a small display), centred on `display`. */
export function centredFrame(display: DisplayArea | undefined): Rect {
  if (!display || display.width <= 0 || display.height <= 0) return { x: 80, y: 80, ...DEFAULT_SIZE };
  const width = Math.max(
    Math.min(MIN_SIZE.width, display.width),
    Math.min(DEFAULT_SIZE.width, display.width - 2 * MARGIN),
  );
  const height = Math.max(
    Math.min(MIN_SIZE.height, display.height),
    Math.min(DEFAULT_SIZE.height, display.height - 2 * MARGIN),
  );
  return {
    x: Math.round(display.x + (display.width - width) / 2),
    y: Math.round(display.y + (display.height - height) / 2),
    width,
    height,
  };
}

/**
 * The saved frame when it is reachable: most of it on some display and its title bar
 * grabbable; shrunk to fit when it is larger than the display it is on. Otherwise the
 * default, centred on the primary display (the first one). With no displays known (the
 * OS did not say) the saved frame is trusted.
 */
export function restoreFrame(saved: Rect | undefined, displays: readonly DisplayArea[]): Rect {
  const usable = displays.filter((d) => d.width > 0 && d.height > 0);
  if (!isSaneFrame(saved)) return centredFrame(usable[0]);
  if (usable.length === 0) return { ...saved };
  if (visibleFraction(saved, usable) < MIN_VISIBLE_FRACTION || !titleReachable(saved, usable)) {
    return centredFrame(usable[0]);
  }
  const home = usable.reduce((best, d) => (area(overlap(saved, d)) > area(overlap(saved, best)) ? d : best));
  const width = Math.min(saved.width, home.width);
  const height = Math.min(saved.height, home.height);
  // Shrinking keeps the window where it was, pulled back inside the display it was on.
  const x = Math.min(Math.max(saved.x, home.x), home.x + home.width - width);
  const y = Math.min(Math.max(saved.y, home.y), home.y + home.height - height);
  return width === saved.width && height === saved.height ? { ...saved } : { x, y, width, height };
}

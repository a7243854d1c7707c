/**
 * Where the camera goes, from the avatar's own size: pure math, so it is tested without
 * WebGL and works the same for a 1.2 m chibi and a 1.9 m model.
 *
 * Two framings, picked by the canvas shape:
 * - `full`, head to toe, in tall containers (the desktop column beside the chat);
 * - `portrait`, head to hips, in wide ones (the phone's strip above the messages), where
 *   the whole figure would be a small doll in the middle of empty space.
 * Either way the top of the head sits just under the top edge: no empty sky above it.
 */

export interface FigureBounds {
  /** Axis-aligned bounds of the posed figure in world space (metres). */
  min: { x: number; y: number; z: number };
  max: { x: number; y: number; z: number };
  /** Height of the hips bone, where the portrait crop ends (bounds-based guess when absent). */
  hipsY?: number;
  /** Height of the head bone, to aim the eyes at the pointer. */
  headY?: number;
}

export interface Framing {
  mode: "full" | "portrait";
  /** The camera looks straight ahead (no tilt) from `position` at `target`. */
  position: { x: number; y: number; z: number };
  target: { x: number; y: number; z: number };
  /** Where the head bone lands, as a fraction of the canvas height from the top (0..1). */
  headAt: number;
}

/** Space above the head and below the feet, as fractions of the visible height. */
const HEADROOM = 0.03;
const FOOTROOM = 0.025;
/** Visible width the figure needs: its own width (arms down) plus room for gestures. */
const WIDTH_ROOM = 1.25;
/**
 * Full figure only while it fills at least this share of the canvas width: wider
 * canvases switch to the portrait crop.
 */
const MIN_FULL_WIDTH_SHARE = 0.35;
/** The portrait crop ends a little below the hips bone, so it reads as a deliberate cut. */
const BELOW_HIPS = 0.04;

export function frameFigure(figure: FigureBounds, aspect: number, verticalFovDeg: number): Framing {
  const height = Math.max(1e-3, figure.max.y - figure.min.y);
  const width = Math.max(1e-3, figure.max.x - figure.min.x);
  const safeAspect = Math.max(0.05, aspect);

  const fullSpan = height / (1 - HEADROOM - FOOTROOM);
  const fullWidthShare = width / (fullSpan * safeAspect);
  const mode: Framing["mode"] = fullWidthShare >= MIN_FULL_WIDTH_SHARE ? "full" : "portrait";

  const hips = figure.hipsY ?? figure.min.y + 0.53 * height;
  const cropped = mode === "full" ? fullSpan : (figure.max.y - (hips - BELOW_HIPS * height)) / (1 - HEADROOM);
  // Never narrower than the figure: a very narrow canvas shows more below instead.
  const span = Math.max(cropped, (width * WIDTH_ROOM) / safeAspect);
  const top = figure.max.y + HEADROOM * span;
  const centerY = top - span / 2;
  const distance = span / 2 / Math.tan(((verticalFovDeg / 2) * Math.PI) / 180);
  const x = (figure.min.x + figure.max.x) / 2;
  const z = (figure.min.z + figure.max.z) / 2;
  const headY = figure.headY ?? figure.max.y - 0.1 * height;
  return {
    mode,
    position: { x, y: centerY, z: z + distance },
    target: { x, y: centerY, z },
    headAt: Math.min(1, Math.max(0, (top - headY) / span)),
  };
}

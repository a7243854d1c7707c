/**
 * Head and face. Facial features are "decals": 2D shapes in a plane in front
 * of the head, projected onto the head surface and lifted by 1 mm per layer so
 * they never z-fight. Every shape is a function of a FaceState, so each morph
 * target is the same shape evaluated with that target's state.
 */

import { PALETTE } from "./body";
import { hex, type MeshBuilder, mix, type Skin, type Vec3 } from "./mesh-builder";
import { ellipsoid } from "./shapes";
import { bone, EYE_X, EYE_Y, HEAD_CENTER, HEAD_RADII } from "./skeleton";

export interface FaceState {
  lidL: number; // upper eyelid closure 0..1 (character's left eye, +X)
  lidR: number;
  lowL: number; // lower eyelid rise 0..1 (cheek raise when smiling)
  lowR: number;
  open: number; // mouth opening, metres
  width: number; // mouth width scale
  corner: number; // mouth corner lift, metres (negative: frown)
  browUp: number; // whole brow lift, metres
  browInner: number; // inner end lift, metres (sad > 0, angry < 0)
  browOuter: number;
}

const NEUTRAL: FaceState = {
  lidL: 0,
  lidR: 0,
  lowL: 0,
  lowR: 0,
  open: 0,
  width: 1,
  corner: 0,
  browUp: 0,
  browInner: 0,
  browOuter: 0,
};

/** Morph targets in mesh order; the VRM expressions bind to these. */
export const FACE_TARGETS: Record<string, Partial<FaceState>> = {
  blinkLeft: { lidL: 1 },
  blinkRight: { lidR: 1 },
  aa: { open: 0.022, width: 1.2 },
  ih: { open: 0.006, width: 1.3 },
  ou: { open: 0.009, width: 0.62 },
  ee: { open: 0.005, width: 1.45, corner: 0.0015 },
  oh: { open: 0.018, width: 0.85 },
  happy: { corner: 0.0055, open: 0.008, width: 1.25, lowL: 0.55, lowR: 0.55, browUp: 0.003 },
  sad: { corner: -0.0045, browInner: 0.007, browOuter: -0.003, lidL: 0.25, lidR: 0.25 },
  angry: {
    corner: -0.003,
    width: 0.9,
    browInner: -0.008,
    browOuter: 0.003,
    lidL: 0.25,
    lidR: 0.25,
    lowL: 0.2,
    lowR: 0.2,
  },
  surprised: { browUp: 0.009, open: 0.02, width: 0.75 },
  relaxed: { lidL: 0.5, lidR: 0.5, corner: 0.003, browUp: -0.001 },
};
export const MORPH_NAMES = Object.keys(FACE_TARGETS);

const C = HEAD_CENTER;
const R = HEAD_RADII;
const LAYER = 0.001;
/** Face skin; the eyelids use the same colour so closed lids blend in. */
const FACE_SKIN = mix(PALETTE.skin, PALETTE.skinShade, 0.2);
const INK = {
  white: hex(0xfcfcff),
  lash: hex(0x3a2230),
  irisTop: hex(0x27488f),
  irisBottom: hex(0x7fd3ec),
  irisRim: hex(0x1b2e63),
  pupil: hex(0x151a36),
  brow: hex(0xa8607e),
  mouth: hex(0x9a3446),
  tongue: hex(0xe27d8c),
  blush: hex(0xffa9b4),
};

/** Head shape: an ellipsoid with a narrower, slightly forward chin. */
function deformHead(rel: Vec3): Vec3 {
  const [x, y, z] = rel;
  if (y >= 0) return rel;
  // Jaw narrows from the eye line to a soft V chin (anime proportions).
  const t = (-y / R[1]) ** 1.6;
  return [x * (1 - 0.42 * t), y * (1 + 0.06 * t), z > 0 ? z * (1 - 0.02 * t) : z * (1 - 0.3 * t)];
}

/** Plane coordinates (x, y relative to the head centre) -> head surface + layer lift. */
export function decal(x: number, y: number, layer: number): Vec3 {
  const l = Math.hypot(x, y, R[2]);
  const d: Vec3 = [x / l, y / l, R[2] / l];
  const s = 1 / Math.hypot(d[0] / R[0], d[1] / R[1], d[2] / R[2]);
  const e = deformHead([d[0] * s, d[1] * s, d[2] * s]);
  const k = 1 + (layer * LAYER) / Math.hypot(...e);
  return [C[0] + e[0] * k, C[1] + e[1] * k, C[2] + e[2] * k];
}

type Shape = (u: number, v: number, st: FaceState) => [number, number];

function addDecal(
  mb: MeshBuilder,
  nu: number,
  nv: number,
  layer: number,
  shape: Shape,
  color: (u: number, v: number) => Vec3,
  skin: Skin,
): void {
  const at = (u: number, v: number, st: FaceState) => {
    const [x, y] = shape(u, v, st);
    return decal(x, y, layer);
  };
  const morphs: Record<string, (u: number, v: number) => Vec3> = {};
  for (const [name, delta] of Object.entries(FACE_TARGETS)) {
    const st = { ...NEUTRAL, ...delta };
    morphs[name] = (u, v) => at(u, v, st);
  }
  mb.grid(nu, nv, (u, v) => ({ p: at(u, v, NEUTRAL), c: color(u, v), skin }), {
    morphs,
    doubleSided: true,
    normal: (p) => [p[0] - C[0], p[1] - C[1], p[2] - C[2]],
  });
}

/** Skull and ears go into `body`; the morphing features into `face`. */
export function addHead(body: MeshBuilder, face: MeshBuilder): void {
  const mb = body;
  const head: Skin = [[bone("head"), 1]];
  ellipsoid(
    mb,
    C,
    R,
    () => FACE_SKIN,
    () => head,
    {
      nu: 32,
      nv: 24,
      deform: (p) => {
        const q = deformHead([p[0] - C[0], p[1] - C[1], p[2] - C[2]]);
        return [q[0] + C[0], q[1] + C[1], q[2] + C[2]];
      },
    },
  );
  for (const s of [-1, 1]) {
    ellipsoid(
      mb,
      [s * 0.108, C[1] - 0.02, C[2] - 0.01],
      [0.012, 0.024, 0.016],
      () => PALETTE.skinShade,
      () => head,
      { nu: 10, nv: 6 },
    );
  }
  for (const side of [1, -1] as const) addEye(face, side);
  addMouth(face, head);
  // Blush and a tiny nose shade.
  for (const s of [-1, 1]) {
    addDecal(
      face,
      12,
      4,
      1,
      (u, v) => ell(s * 0.06, -0.056, 0.015 * v, 0.0065 * v, u),
      (_u, v) => mix(INK.blush, PALETTE.skin, v * v),
      head,
    );
  }
  addDecal(
    face,
    8,
    2,
    1,
    (u, v) => ell(0, -0.056, 0.0025 * v, 0.0016 * v, u),
    () => hex(0xeeb2a2),
    head,
  );
}

/** Point on an ellipse (u: angle 0..1, radii already scaled by v). */
function ell(cx: number, cy: number, rx: number, ry: number, u: number): [number, number] {
  const a = u * Math.PI * 2;
  return [cx + rx * Math.cos(a), cy + ry * Math.sin(a)];
}

function addEye(mb: MeshBuilder, side: 1 | -1): void {
  const head: Skin = [[bone("head"), 1]];
  const eyeBone: Skin = [[bone(side === 1 ? "leftEye" : "rightEye"), 1]];
  const cx = side * EYE_X;
  const cy = EYE_Y - C[1];
  const w = 0.028;
  const h = 0.033;
  const lid = (st: FaceState) => (side === 1 ? st.lidL : st.lidR);
  const low = (st: FaceState) => (side === 1 ? st.lowL : st.lowR);
  // Outline: a flatter top and a round bottom; q in -1..1 across the eye.
  const top = (q: number) => h * (1 - q * q) ** 0.35 + 0.002 * side * q;
  const bottom = (q: number) => -h * 0.92 * Math.sqrt(Math.max(0, 1 - q * q));
  const closed = (q: number) => -h * 0.42 * (1 - q * q) - 0.002;
  const edge = (q: number, st: FaceState) => top(q) + (closed(q) - top(q)) * lid(st) + (bottom(q) * 0.25 - top(q)) * 0;
  const across = (u: number) => -1 + 2 * u;

  addDecal(
    mb,
    16,
    8,
    1,
    (u, v) => {
      const q = across(u);
      return [cx + w * q, cy + top(q) + (bottom(q) - top(q)) * v];
    },
    () => INK.white,
    head,
  );
  // Iris, pupil and two highlights ride on the eye bone (look-at).
  const irisY = cy - 0.002;
  addDecal(
    mb,
    20,
    5,
    2.5,
    (u, v) => ell(cx, irisY, 0.0175 * v, 0.0235 * v, u),
    (u, v) => {
      const y = Math.sin(u * Math.PI * 2) * v;
      return v > 0.82 ? INK.irisRim : mix(INK.irisBottom, INK.irisTop, (y + 1) / 2 + 0.15);
    },
    eyeBone,
  );
  addDecal(
    mb,
    14,
    2,
    3.5,
    (u, v) => ell(cx, irisY + 0.001, 0.0068 * v, 0.0105 * v, u),
    () => INK.pupil,
    eyeBone,
  );
  addDecal(
    mb,
    12,
    2,
    4.5,
    (u, v) => ell(cx - 0.0055, irisY + 0.009, 0.0046 * v, 0.0054 * v, u),
    () => INK.white,
    eyeBone,
  );
  addDecal(
    mb,
    10,
    2,
    4.5,
    (u, v) => ell(cx + 0.006, irisY - 0.01, 0.0024 * v, 0.002 * v, u),
    () => INK.white,
    eyeBone,
  );
  // Lower lid (skin) rising from the bottom outline; collapsed when neutral.
  addDecal(
    mb,
    16,
    3,
    5.5,
    (u, v, st) => {
      const q = across(u) * 1.12;
      const b = bottom(Math.max(-1, Math.min(1, q))) - 0.0015;
      const rise = h * 1.1 * (1 - q * q * 0.5) * low(st);
      return [cx + w * q, cy + b + rise * (1 - v)];
    },
    () => FACE_SKIN,
    head,
  );
  // Upper lid (skin) from above the eye down to the lid edge.
  addDecal(
    mb,
    16,
    3,
    6.5,
    (u, v, st) => {
      const q = Math.max(-1, Math.min(1, across(u) * 1.1));
      const t = top(q) + 0.004;
      return [cx + w * across(u) * 1.1, cy + t + (edge(q, st) - t) * v];
    },
    () => FACE_SKIN,
    head,
  );
  // Lash line on the lid edge, thicker with a flick at the outer corner.
  addDecal(
    mb,
    18,
    2,
    7.5,
    (u, v, st) => {
      const q = across(u) * 1.12;
      const qc = Math.max(-1, Math.min(1, q));
      const outer = Math.max(0, side * q);
      const thick = 0.0028 + 0.003 * outer + 0.0008 * (1 - qc * qc);
      const y = edge(qc, st) + (q * q > 1 ? (outer > 0 ? 0.004 * (q * q - 1) * 10 : 0) : 0);
      return [cx + w * q, cy + y + thick * v - 0.0006];
    },
    () => INK.lash,
    head,
  );
  // Brow: a thin arched stroke above the eye.
  addDecal(
    mb,
    12,
    2,
    2,
    (u, v, st) => {
      const inner = side === 1 ? 1 - u : u; // 1 at the inner end
      const x = cx + side * (-0.022 + 0.046 * (1 - inner)) * (u >= 0 ? 1 : 1);
      const arch = 0.004 * Math.sin(u * Math.PI);
      const y = cy + 0.046 + arch + st.browUp + st.browInner * inner + st.browOuter * (1 - inner);
      const thick = 0.0014 + 0.0022 * Math.sin(Math.min(1, inner * 1.3) * Math.PI * 0.5);
      return [x, y + thick * (v - 0.5) * 2];
    },
    () => INK.brow,
    head,
  );
}

function addMouth(mb: MeshBuilder, head: Skin): void {
  const cy = -0.084;
  addDecal(
    mb,
    16,
    4,
    1,
    (u, v, st) => {
      const q = -1 + 2 * u;
      const W = 0.013 * st.width;
      const upper = cy + st.corner * q * q + 0.0008 * (1 - q * q);
      const lower = upper - 0.0016 - st.open * (1 - q * q) ** 0.7;
      return [W * q, upper + (lower - upper) * v];
    },
    (_u, v) => (v > 0.65 ? INK.tongue : INK.mouth),
    head,
  );
}

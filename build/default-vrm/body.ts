/** Body, clothes and limbs of the default avatar (a sailor-style outfit). */
import { hex, type MeshBuilder, mix, type Skin, smoothstep, type Vec3 } from "./mesh-builder";
import { blend, ellipsoid, type LatheRow, lathe, limb, sampleRows } from "./shapes";
import { bone } from "./skeleton";

export const PALETTE = {
  skin: hex(0xffe6d8),
  skinShade: hex(0xf6cdbd),
  blouse: hex(0xf7f4ef),
  navy: hex(0x2d3b6e),
  stripe: hex(0xf3f1ea),
  bow: hex(0xe2475d),
  stocking: hex(0x2a2634),
  shoe: hex(0x5b3a2f),
};

/** Torso section table: y, half-width, half-depth, forward bulge (bust). */
export const TORSO: LatheRow[] = [
  { y: 0.8, rx: 0.04, rz: 0.04 },
  { y: 0.82, rx: 0.105, rz: 0.08 },
  { y: 0.9, rx: 0.112, rz: 0.082 },
  { y: 0.97, rx: 0.086, rz: 0.066 },
  { y: 1.04, rx: 0.092, rz: 0.07, front: 0.006 },
  { y: 1.1, rx: 0.102, rz: 0.072, front: 0.022 },
  { y: 1.155, rx: 0.112, rz: 0.07, front: 0.01 },
  { y: 1.2, rx: 0.118, rz: 0.064 },
  { y: 1.226, rx: 0.085, rz: 0.055 },
  { y: 1.24, rx: 0.04, rz: 0.036 },
  { y: 1.245, rx: 0.01, rz: 0.01 },
];

function torsoSkin(p: Vec3): Skin {
  const y = p[1];
  if (y < 0.95) return blend(bone("hips"), bone("spine"), y, 0.88, 0.97);
  if (y < 1.06) return blend(bone("spine"), bone("chest"), y, 0.98, 1.06);
  if (y < 1.14) return blend(bone("chest"), bone("upperChest"), y, 1.07, 1.14);
  return blend(bone("upperChest"), bone("neck"), y, 1.215, 1.245);
}

export function addBody(mb: MeshBuilder): void {
  lathe(mb, TORSO, () => PALETTE.blouse, torsoSkin, { nu: 32, nv: 30 });
  addCollar(mb);
  addBow(mb);
  // Neck: skin coloured, from inside the torso up into the head.
  limb(
    mb,
    [0, 1.19, -0.004],
    [0, 1.35, -0.004],
    (t) => 0.029 - 0.003 * t,
    () => PALETTE.skin,
    (p) => blend(bone("neck"), bone("head"), p[1], 1.28, 1.32),
  );
  // Pleated skirt: a flared lathe whose radius follows a triangle wave (16 pleats).
  const skirt: LatheRow[] = [
    { y: 1.0, rx: 0.09, rz: 0.07 },
    { y: 0.95, rx: 0.1, rz: 0.078 },
    { y: 0.86, rx: 0.145, rz: 0.12 },
    { y: 0.74, rx: 0.19, rz: 0.165 },
    { y: 0.66, rx: 0.215, rz: 0.19 },
  ];
  lathe(
    mb,
    skirt,
    (_p, _u, v) => (v > 0.9 && v < 0.95 ? PALETTE.stripe : mix(PALETTE.navy, hex(0x1f2a52), (v - 0.2) * 0.6)),
    (p) => blend(bone("hips"), bone("spine"), p[1], 0.94, 1.0),
    { nu: 64, nv: 12, radial: (ph, v) => 1 + 0.05 * v * Math.abs((((ph * 16) / (2 * Math.PI)) % 1) - 0.5) * 2 },
  );
  for (const side of ["left", "right"] as const) addLimbs(mb, side);
}

function addCollar(mb: MeshBuilder): void {
  // Sailor collar: a shell 4 mm outside the torso, square on the back, a V in front.
  const top = 1.236;
  mb.grid(
    48,
    8,
    (u, v) => {
      const ph = u * Math.PI * 2;
      const front = Math.max(0, Math.cos(ph));
      const side = Math.abs(Math.sin(ph));
      // Lower edge: 1.10 at the back, 1.165 at the sides, a V down to 1.085 in front.
      const back = Math.max(0, -Math.cos(ph));
      const bottom = 1.165 - 0.065 * back ** 0.5 * (1 - side * 0.6) - 0.08 * front ** 6;
      const y = top + (bottom - top) * v;
      const r = sampleTorso(y);
      const off = 0.004 + 0.004 * v;
      const cz = Math.cos(ph);
      const zr = r.rz + (cz > 0 ? r.front * cz * cz : 0);
      const p: Vec3 = [(r.rx + off) * Math.sin(ph), y, (zr + off) * cz];
      const c = v > 0.72 && v < 0.86 ? PALETTE.stripe : PALETTE.navy;
      return { p, c, skin: torsoSkin(p) };
    },
    { wrapU: true },
  );
}

function sampleTorso(y: number): { rx: number; rz: number; front: number } {
  // Invert the (monotonic in y) torso table by bisection on the smooth sampler.
  let lo = 0;
  let hi = 1;
  for (let k = 0; k < 30; k++) {
    const mid = (lo + hi) / 2;
    if (rowAt(mid).y < y) lo = mid;
    else hi = mid;
  }
  return rowAt(lo);
}

function rowAt(t: number) {
  return sampleRows(TORSO, t);
}

function addBow(mb: MeshBuilder): void {
  const z = 0.1;
  const y = 1.108;
  const chest = (): Skin => [[bone("upperChest"), 1]];
  const red = (p: Vec3): Vec3 => mix(PALETTE.bow, hex(0xb8324a), (y - p[1]) * 20);
  for (const s of [-1, 1]) {
    ellipsoid(mb, [s * 0.026, y + 0.004, z], [0.026, 0.016, 0.009], red, chest, {
      nu: 14,
      nv: 8,
      deform: (p) => [p[0], p[1] + (p[0] * s - 0.0) * 0.25, p[2] + Math.abs(p[0]) * 0.1],
    });
    limb(
      mb,
      [s * 0.006, y - 0.004, z + 0.004],
      [s * 0.022, y - 0.05, z + 0.012],
      (t) => 0.011 - 0.004 * t,
      red,
      chest,
      {
        nu: 10,
        mid: 4,
        cap: 2,
        flatten: 0.3,
      },
    );
  }
  ellipsoid(mb, [0, y, z + 0.006], [0.011, 0.012, 0.009], red, chest, { nu: 10, nv: 6 });
}

function addLimbs(mb: MeshBuilder, side: "left" | "right"): void {
  const s = side === "left" ? 1 : -1;
  const b = (n: string) => bone(side + n);
  // Arm: shoulder -> wrist along X, elbow at t = 0.525 (0.225 / 0.43 m).
  const elbowT = 0.225 / 0.43;
  limb(
    mb,
    [s * 0.1, 1.195, -0.002],
    [s * 0.53, 1.195, -0.002],
    (t) => (t < 0.3 ? 0.036 + 0.01 * Math.sin((t / 0.3) * Math.PI) : 0.034 - 0.014 * smoothstep(0.3, 1, t)),
    (_p, t) => (t < 0.29 ? (t > 0.25 ? PALETTE.navy : PALETTE.blouse) : PALETTE.skin),
    (_p, t) => blend(b("UpperArm"), b("LowerArm"), t, elbowT - 0.06, elbowT + 0.06),
    { nu: 14, mid: 18 },
  );
  // Hand: a flattened ellipsoid with a small thumb.
  const hand = (): Skin => [[b("Hand"), 1]];
  ellipsoid(mb, [s * 0.575, 1.193, 0.002], [0.045, 0.016, 0.028], () => PALETTE.skin, hand, { nu: 14, nv: 8 });
  limb(
    mb,
    [s * 0.55, 1.19, 0.02],
    [s * 0.58, 1.188, 0.04],
    () => 0.009,
    () => PALETTE.skin,
    hand,
    { nu: 8, mid: 3, cap: 2 },
  );
  // Leg: hip -> ankle along -Y, knee at t = 0.36 / 0.74.
  const kneeT = 0.36 / 0.74;
  limb(
    mb,
    [s * 0.075, 0.84, 0],
    [s * 0.075, 0.1, 0],
    (t) =>
      0.062 -
      0.02 * smoothstep(0, 0.5, t) -
      0.016 * smoothstep(0.55, 1, t) +
      0.006 * Math.sin(smoothstep(0.5, 0.8, t) * Math.PI),
    (p) => (p[1] < 0.6 ? (p[1] > 0.585 ? hex(0x3d3848) : PALETTE.stocking) : PALETTE.skin),
    (_p, t) =>
      t < 0.02
        ? blend(bone("hips"), b("UpperLeg"), t, -0.06, 0.02)
        : blend(b("UpperLeg"), b("LowerLeg"), t, kneeT - 0.05, kneeT + 0.05),
    { nu: 14, mid: 20 },
  );
  // Shoe: a rounded slipper shape, toe forward.
  ellipsoid(
    mb,
    [s * 0.075, 0.045, 0.025],
    [0.042, 0.045, 0.085],
    (p) => (p[1] < 0.012 ? hex(0x2b1d18) : PALETTE.shoe),
    () => [[b("Foot"), 1]],
    { nu: 16, nv: 10, deform: (p) => [p[0], Math.max(0.004, p[1]), p[2]] },
  );
}

/** Hair: a cap over the skull, pointed bangs, two side locks and a long back sheet. */

import { PALETTE } from "./body";
import { hex, type MeshBuilder, mix, type Skin, type Vec3 } from "./mesh-builder";
import { blend, ellipsoid, limb } from "./shapes";
import { bone, HEAD_CENTER, HEAD_RADII } from "./skeleton";

const HAIR = hex(0xf3a1c4);
const HAIR_DARK = hex(0xc96f99);
const HAIR_SHINE = hex(0xffd7e8);
const C = HEAD_CENTER;
/** Hair shell radii: 9-12% outside the skull, a little extra volume on top. */
const H: Vec3 = [HEAD_RADII[0] * 1.1, HEAD_RADII[1] * 1.1, HEAD_RADII[2] * 1.09];
const HC: Vec3 = [C[0], C[1] + 0.006, C[2] - 0.006];

function shell(theta: number, phi: number, scale = 1): Vec3 {
  return [
    HC[0] + H[0] * scale * Math.sin(theta) * Math.sin(phi),
    HC[1] + H[1] * scale * Math.cos(theta),
    HC[2] + H[2] * scale * Math.sin(theta) * Math.cos(phi),
  ];
}

/** Shine band ("angel ring") around 35-45 degrees from the crown. */
function hairColor(theta: number, depth = 0): Vec3 {
  const ring = Math.exp(-(((theta - 0.7) / 0.07) ** 2));
  return mix(mix(HAIR, HAIR_DARK, depth), HAIR_SHINE, ring * 0.7);
}

export function addHair(mb: MeshBuilder): void {
  const head: Skin = [[bone("head"), 1]];
  // Cap: front edge at the hairline (~50 deg from the crown), down to the nape at the back.
  mb.grid(
    40,
    14,
    (u, v) => {
      const phi = u * Math.PI * 2;
      const back = (1 - Math.cos(phi)) / 2;
      const thetaMax = Math.PI * (0.3 + 0.5 * back ** 0.8);
      const theta = v * thetaMax;
      // Strand ridges (14 around) that deepen towards the ends so the cap is not a helmet.
      const ridge = 1 + 0.022 * v * v * Math.abs(Math.sin(phi * 7));
      return {
        p: shell(theta, phi, ridge),
        c: hairColor(theta, v * back * 0.4 + 0.15 * v * (1 - Math.abs(Math.sin(phi * 7)))),
        skin: head,
      };
    },
    { wrapU: true },
  );
  // Bangs: 11 tapered strands over the forehead, alternating lengths.
  const n = 11;
  for (let i = 0; i < n; i++) {
    const f = i / (n - 1);
    const phi0 = -1.15 + 2.3 * f;
    const centre = 1 - Math.abs(f - 0.5) * 2;
    const len = 0.37 + 0.05 * centre + (i % 2 ? 0.035 : 0) + (Math.abs(phi0) > 0.9 ? 0.1 : 0);
    const width = 0.3;
    const lift = 1 + 0.006 * (i % 3);
    const tilt = -phi0 * 0.12;
    mb.grid(
      6,
      10,
      (u, v) => {
        const taper = 1 - v ** 1.6 * 0.95;
        const phi = phi0 + (u - 0.5) * width * taper + tilt * v;
        const theta = 0.12 * Math.PI + (len * Math.PI - 0.12 * Math.PI) * v;
        const bulge = 1 + 0.05 * Math.sin(u * Math.PI) * taper;
        return { p: shell(theta, phi, lift * bulge), c: hairColor(theta, v * 0.35), skin: head };
      },
      { outward: HC, doubleSided: true },
    );
  }
  // Side locks in front of the ears, down to the chest.
  for (const s of [-1, 1]) {
    limb(
      mb,
      [s * 0.104, 1.425, 0.04],
      [s * 0.112, 1.1, 0.055],
      (t) => 0.026 * (1 - t ** 1.5 * 0.92),
      (_p, t) => hairColor(0, Math.min(1, t) * 0.3),
      (p) => blend(bone("upperChest"), bone("head"), p[1], 1.2, 1.3),
      { nu: 10, mid: 12, cap: 2, flatten: 0.3 },
    );
  }
  addHairBow(mb, head);
  // Long back hair: an arc sheet behind the body, 150 degrees wide, to the waist.
  mb.grid(
    36,
    20,
    (u, v) => {
      const a = (u - 0.5) * ((150 * Math.PI) / 180);
      const strand = Math.abs(((u * 9) % 1) - 0.5) * 2; // 0 at a strand centre, 1 between
      const bottom = 0.8 + 0.07 * strand ** 1.5;
      const y = C[1] + (bottom - C[1]) * v;
      const grow = Math.min(1, Math.max(0, (C[1] - y) / 0.2));
      const rx = 0.118 + 0.035 * grow;
      const rz = 0.118 + 0.012 * grow;
      const wave = 1 + 0.02 * Math.sin(u * Math.PI * 18) * grow;
      const narrow = 1 - (0.15 * Math.max(0, v - 0.7)) / 0.3;
      const p: Vec3 = [rx * wave * narrow * Math.sin(a), y, C[2] - 0.015 * grow - rz * wave * Math.cos(a)];
      return {
        p,
        c: mix(hairColor(1.5, 0.25), HAIR, v * 0.5),
        skin: blend(bone("upperChest"), bone("head"), y, 1.12, 1.27),
      };
    },
    { doubleSided: true },
  );
}

/** A small red ribbon on the avatar's left side of the crown, matching the chest bow. */
function addHairBow(mb: MeshBuilder, head: Skin): void {
  const at = shell(0.27 * Math.PI, 0.85, 1.02);
  const red = (p: Vec3): Vec3 => mix(PALETTE.bow, hex(0xb8324a), (at[1] - p[1]) * 25);
  for (const s of [-1, 1]) {
    ellipsoid(mb, [at[0] + s * 0.02, at[1] + 0.006, at[2]], [0.02, 0.013, 0.008], red, () => head, {
      nu: 12,
      nv: 8,
      deform: (p) => [p[0], p[1] + (p[0] - at[0]) * s * 0.3, p[2]],
    });
  }
  ellipsoid(mb, [at[0], at[1] + 0.002, at[2] + 0.004], [0.008, 0.009, 0.008], red, () => head, { nu: 10, nv: 6 });
}

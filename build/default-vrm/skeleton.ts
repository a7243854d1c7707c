/**
 * The avatar's skeleton in world space (metres, Y up, facing +Z as VRM 1.0
 * requires, T-pose, identity rotations). Height ~1.55 m with a 0.26 m head:
 * about 1/6 of the height, the slightly large head of an anime figure.
 */
import type { Vec3 } from "./mesh-builder";

export interface BoneDef {
  name: string;
  parent: string | null;
  at: Vec3;
}

/** Centre of the head ellipsoid; the face features are placed relative to it. */
export const HEAD_CENTER: Vec3 = [0, 1.4, 0.005];
export const HEAD_RADII: Vec3 = [0.112, 0.122, 0.114];
export const EYE_Y = HEAD_CENTER[1] - 0.02;
export const EYE_X = 0.047;

const mirrored = (side: "left" | "right", defs: Array<[string, string | null, Vec3]>): BoneDef[] =>
  defs.map(([name, parent, at]) => ({
    name: side + name,
    parent: parent === null ? null : parent.startsWith("*") ? side + parent.slice(1) : parent,
    at: [side === "left" ? at[0] : -at[0], at[1], at[2]],
  }));

export const BONES: BoneDef[] = [
  { name: "hips", parent: null, at: [0, 0.86, 0] },
  { name: "spine", parent: "hips", at: [0, 0.95, 0] },
  { name: "chest", parent: "spine", at: [0, 1.05, 0] },
  { name: "upperChest", parent: "chest", at: [0, 1.13, 0] },
  { name: "neck", parent: "upperChest", at: [0, 1.235, 0] },
  { name: "head", parent: "neck", at: [0, 1.305, 0] },
  ...(["left", "right"] as const).flatMap((side) =>
    mirrored(side, [
      ["Eye", "head", [EYE_X, EYE_Y, 0.045]],
      ["Shoulder", "upperChest", [0.025, 1.2, 0]],
      ["UpperArm", "*Shoulder", [0.105, 1.195, 0]],
      ["LowerArm", "*UpperArm", [0.33, 1.195, 0]],
      ["Hand", "*LowerArm", [0.535, 1.195, 0]],
      ["UpperLeg", "hips", [0.075, 0.82, 0]],
      ["LowerLeg", "*UpperLeg", [0.075, 0.46, 0]],
      ["Foot", "*LowerLeg", [0.075, 0.085, 0]],
    ]),
  ),
];

const INDEX = new Map(BONES.map((b, i) => [b.name, i]));

export function bone(name: string): number {
  const i = INDEX.get(name);
  if (i === undefined) throw new Error(`no bone ${name}`);
  return i;
}

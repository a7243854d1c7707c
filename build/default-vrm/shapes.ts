/** Parametric shapes (ellipsoid, lathe, limb tube) on top of MeshBuilder. */
import type { GridOptions, MeshBuilder, Skin, Vec3 } from "./mesh-builder";

type ColorFn = (p: Vec3, u: number, v: number) => Vec3;
type SkinFn = (p: Vec3, u: number, v: number) => Skin;

/** u: azimuth (u=0 faces +Z), v: polar from the top (0) to the bottom (1). */
export function ellipsoid(
  mb: MeshBuilder,
  center: Vec3,
  radii: Vec3,
  color: ColorFn,
  skin: SkinFn,
  opts: { nu?: number; nv?: number; deform?: (p: Vec3) => Vec3; v0?: number; v1?: number } & GridOptions = {},
): void {
  const { nu = 24, nv = 16, v0 = 0, v1 = 1 } = opts;
  mb.grid(
    nu,
    nv,
    (u, vv) => {
      const v = v0 + (v1 - v0) * vv;
      const th = v * Math.PI;
      const ph = u * Math.PI * 2;
      let p: Vec3 = [
        center[0] + radii[0] * Math.sin(th) * Math.sin(ph),
        center[1] + radii[1] * Math.cos(th),
        center[2] + radii[2] * Math.sin(th) * Math.cos(ph),
      ];
      if (opts.deform) p = opts.deform(p);
      return { p, c: color(p, u, v), skin: skin(p, u, v) };
    },
    { wrapU: true, morphs: opts.morphs },
  );
}

export interface LatheRow {
  y: number;
  rx: number;
  rz: number;
  /** Extra forward depth for the front half (bust, belly), metres. */
  front?: number;
}

/** Smooth (Catmull-Rom) interpolation through a table of rows. */
export function sampleRows(rows: LatheRow[], t: number): Required<LatheRow> {
  const n = rows.length - 1;
  const x = Math.min(n, Math.max(0, t * n));
  const i = Math.min(n - 1, Math.floor(x));
  const f = x - i;
  const g = (k: number) => rows[Math.min(n, Math.max(0, k))];
  const cr = (key: keyof LatheRow) => {
    const p0 = g(i - 1)[key] ?? 0;
    const p1 = g(i)[key] ?? 0;
    const p2 = g(i + 1)[key] ?? 0;
    const p3 = g(i + 2)[key] ?? 0;
    return (
      0.5 *
      (2 * p1 + (-p0 + p2) * f + (2 * p0 - 5 * p1 + 4 * p2 - p3) * f * f + (-p0 + 3 * p1 - 3 * p2 + p3) * f * f * f)
    );
  };
  return { y: cr("y"), rx: cr("rx"), rz: cr("rz"), front: cr("front") };
}

/** A closed surface of revolution with elliptical sections; u=0 faces +Z. */
export function lathe(
  mb: MeshBuilder,
  rows: LatheRow[],
  color: ColorFn,
  skin: SkinFn,
  opts: {
    nu?: number;
    nv?: number;
    radial?: (phi: number, v: number) => number;
    offset?: number;
    cx?: number;
    cz?: number;
  } = {},
): void {
  const { nu = 32, nv = 24, offset = 0, cx = 0, cz = 0 } = opts;
  mb.grid(
    nu,
    nv,
    (u, v) => {
      const r = sampleRows(rows, v);
      const ph = u * Math.PI * 2;
      const k = opts.radial ? opts.radial(ph, v) : 1;
      const cz0 = Math.cos(ph);
      const zr = r.rz + (cz0 > 0 ? r.front * cz0 * cz0 : 0);
      const p: Vec3 = [cx + (r.rx + offset) * k * Math.sin(ph), r.y, cz + (zr + offset) * k * cz0];
      return { p, c: color(p, u, v), skin: skin(p, u, v) };
    },
    { wrapU: true },
  );
}

/**
 * A rounded tube from a to b (straight) with radius(t), t in 0..1 along the
 * segment, and hemispherical caps. `axial` passed to skin/color is t (it runs
 * slightly below 0 and above 1 inside the caps).
 */
export function limb(
  mb: MeshBuilder,
  a: Vec3,
  b: Vec3,
  radius: (t: number) => number,
  color: (p: Vec3, t: number) => Vec3,
  skin: (p: Vec3, t: number) => Skin,
  opts: { nu?: number; mid?: number; cap?: number; flatten?: number } = {},
): void {
  const { nu = 16, mid = 16, cap = 4, flatten = 1 } = opts;
  const d: Vec3 = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const L = Math.hypot(d[0], d[1], d[2]);
  const dir: Vec3 = [d[0] / L, d[1] / L, d[2] / L];
  // Perpendicular frame: Z is never along a limb here (arms run along X, legs along Y).
  const e1: Vec3 = normalizeCross(dir, [0, 0, 1]);
  const e2: Vec3 = normalizeCross(e1, dir);
  const r0 = radius(0);
  const r1 = radius(1);
  const rowsTotal = cap * 2 + mid;
  const row = (j: number): { ax: number; r: number; t: number } => {
    if (j < cap) {
      const al = (j / cap) * (Math.PI / 2);
      return { ax: -r0 * Math.cos(al), r: r0 * Math.sin(al), t: (-r0 * Math.cos(al)) / L };
    }
    if (j <= cap + mid) {
      const t = (j - cap) / mid;
      return { ax: t * L, r: radius(t), t };
    }
    const al = ((j - cap - mid) / cap) * (Math.PI / 2);
    return { ax: L + r1 * Math.sin(al), r: r1 * Math.cos(al), t: 1 + (r1 * Math.sin(al)) / L };
  };
  mb.grid(
    nu,
    rowsTotal,
    (u, v) => {
      const { ax, r, t } = row(Math.round(v * rowsTotal));
      const ph = u * Math.PI * 2;
      const c1 = Math.cos(ph) * r;
      const c2 = Math.sin(ph) * r * flatten;
      const p: Vec3 = [
        a[0] + dir[0] * ax + e1[0] * c1 + e2[0] * c2,
        a[1] + dir[1] * ax + e1[1] * c1 + e2[1] * c2,
        a[2] + dir[2] * ax + e1[2] * c1 + e2[2] * c2,
      ];
      return { p, c: color(p, t), skin: skin(p, t) };
    },
    { wrapU: true },
  );
}

function normalizeCross(a: Vec3, b: Vec3): Vec3 {
  let c: Vec3 = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
  if (Math.hypot(...c) < 1e-6) c = [a[1], -a[0], 0];
  const l = Math.hypot(...c);
  return [c[0] / l, c[1] / l, c[2] / l];
}

/** Two-bone blend: weight moves from a to b as x goes from x0 to x1. */
export function blend(a: number, b: number, x: number, x0: number, x1: number): Skin {
  const t = Math.min(1, Math.max(0, (x - x0) / (x1 - x0)));
  return [
    [a, 1 - t],
    [b, t],
  ];
}

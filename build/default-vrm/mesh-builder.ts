/**
 * A tiny vertex-coloured, skinned, morph-capable mesh builder for the generated
 * default avatar. Every shape is a parametric grid (u across, v along), so
 * normals come from averaging the grid's own faces and morph targets are the
 * same grid function evaluated with another face state.
 */
export type Vec3 = [number, number, number];
/** Up to four (joint index, weight) pairs; weights are normalised on write. */
export type Skin = Array<[number, number]>;
export interface GridVertex {
  p: Vec3;
  /** sRGB colour 0..1 (converted to linear when written, as glTF requires). */
  c: Vec3;
  skin: Skin;
}
export interface GridOptions {
  /** Close the grid around u (lathes, tubes): column nu wraps to column 0. */
  wrapU?: boolean;
  /** Rendered without back-face culling (thin sheets seen from both sides). */
  doubleSided?: boolean;
  /** Explicit normal (e.g. the head's for face decals that start collapsed). */
  normal?: (p: Vec3) => Vec3;
  /** Normals are flipped to point away from this point (default: the grid's centroid). */
  outward?: Vec3;
  /** Morph target name -> target position of the vertex at (u, v). */
  morphs?: Record<string, (u: number, v: number) => Vec3>;
}

export class MeshBuilder {
  readonly positions: number[] = [];
  readonly normals: number[] = [];
  readonly colors: number[] = [];
  readonly joints: number[] = [];
  readonly weights: number[] = [];
  /** Triangles rendered with back-face culling (wound counter-clockwise from outside). */
  readonly indices: number[] = [];
  /** Triangles rendered double-sided. */
  readonly indicesDouble: number[] = [];
  /** target name -> (vertex index -> delta) */
  readonly morphs = new Map<string, Map<number, Vec3>>();

  constructor(readonly morphNames: readonly string[]) {
    for (const name of morphNames) this.morphs.set(name, new Map());
  }

  get vertexCount(): number {
    return this.positions.length / 3;
  }

  grid(nu: number, nv: number, fn: (u: number, v: number) => GridVertex, opts: GridOptions = {}): void {
    const cols = opts.wrapU ? nu : nu + 1;
    const base = this.vertexCount;
    const pts: Vec3[] = [];
    for (let j = 0; j <= nv; j++) {
      for (let i = 0; i < cols; i++) {
        const u = i / nu;
        const v = j / nv;
        const vert = fn(u, v);
        pts.push(vert.p);
        this.positions.push(...vert.p);
        this.colors.push(...vert.c.map(srgbToLinear));
        const skin = normaliseSkin(vert.skin);
        for (const [joint, weight] of skin) {
          this.joints.push(joint);
          this.weights.push(weight);
        }
        for (const [name, target] of Object.entries(opts.morphs ?? {})) {
          const t = target(u, v);
          const d: Vec3 = [t[0] - vert.p[0], t[1] - vert.p[1], t[2] - vert.p[2]];
          if (Math.abs(d[0]) + Math.abs(d[1]) + Math.abs(d[2]) > 1e-7) {
            const map = this.morphs.get(name);
            if (!map) throw new Error(`unknown morph target ${name}`);
            map.set(base + j * cols + i, d);
          }
        }
      }
    }
    const acc = pts.map((): Vec3 => [0, 0, 0]);
    const tris: number[] = [];
    for (let j = 0; j < nv; j++) {
      for (let i = 0; i < nu; i++) {
        const a = j * cols + i;
        const b = j * cols + ((i + 1) % cols);
        const c = (j + 1) * cols + i;
        const d = (j + 1) * cols + ((i + 1) % cols);
        for (const tri of [
          [a, c, b],
          [b, c, d],
        ] as const) {
          const n = faceNormal(pts[tri[0]], pts[tri[1]], pts[tri[2]]);
          for (const k of tri) addTo(acc[k], n);
          tris.push(tri[0], tri[1], tri[2]);
        }
      }
    }
    // Orient the whole grid outward: the baked lighting needs outside-facing normals.
    const ref = opts.outward ?? centroid(pts);
    let facing = 0;
    pts.forEach((p, k) => {
      facing += acc[k][0] * (p[0] - ref[0]) + acc[k][1] * (p[1] - ref[1]) + acc[k][2] * (p[2] - ref[2]);
    });
    const sign = facing < 0 ? -1 : 1;
    if (opts.normal) for (const p of pts) this.normals.push(...normalize(opts.normal(p)));
    else for (const n of acc) this.normals.push(...normalize([n[0] * sign, n[1] * sign, n[2] * sign], [0, 1, 0]));
    // Wind every triangle counter-clockwise seen from outside, so culling keeps the outside.
    const out = opts.doubleSided ? this.indicesDouble : this.indices;
    for (let t = 0; t < tris.length; t += 3) {
      if (sign > 0) out.push(base + tris[t], base + tris[t + 1], base + tris[t + 2]);
      else out.push(base + tris[t], base + tris[t + 2], base + tris[t + 1]);
    }
  }

  /**
   * Bakes soft toon lighting into the vertex colours (the material is unlit:
   * software GL renders PBR several times slower, and an anime look wants
   * flat, clean shading anyway). Key light from the upper left front.
   */
  bakeLighting(): void {
    const key = normalize([-0.35, 0.75, 0.65]);
    for (let i = 0; i < this.colors.length; i += 3) {
      const n = [this.normals[i], this.normals[i + 1], this.normals[i + 2]];
      const lambert = Math.max(0, n[0] * key[0] + n[1] * key[1] + n[2] * key[2]);
      const soft = smoothstep(0.0, 0.6, lambert);
      const shade = 0.74 + 0.24 * soft + 0.05 * n[1];
      for (let k = 0; k < 3; k++) this.colors[i + k] = Math.min(1, this.colors[i + k] * shade);
    }
  }
}

function centroid(pts: Vec3[]): Vec3 {
  const c: Vec3 = [0, 0, 0];
  for (const p of pts) addTo(c, p);
  return [c[0] / pts.length, c[1] / pts.length, c[2] / pts.length];
}

export function srgbToLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

export function hex(rgb: number): Vec3 {
  return [((rgb >> 16) & 255) / 255, ((rgb >> 8) & 255) / 255, (rgb & 255) / 255];
}

export function mix(a: Vec3, b: Vec3, t: number): Vec3 {
  const k = Math.min(1, Math.max(0, t));
  return [a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k, a[2] + (b[2] - a[2]) * k];
}

export function smoothstep(e0: number, e1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
}

function normaliseSkin(skin: Skin): Skin {
  const merged = new Map<number, number>();
  for (const [j, w] of skin) if (w > 1e-4) merged.set(j, (merged.get(j) ?? 0) + w);
  const list = [...merged.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4);
  const total = list.reduce((s, [, w]) => s + w, 0) || 1;
  const out: Skin = list.map(([j, w]) => [j, w / total]);
  while (out.length < 4) out.push([0, 0]);
  return out;
}

function faceNormal(a: Vec3, b: Vec3, c: Vec3): Vec3 {
  const u: Vec3 = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const v: Vec3 = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
  return [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
}

function addTo(a: Vec3, b: Vec3): void {
  a[0] += b[0];
  a[1] += b[1];
  a[2] += b[2];
}

export function normalize(v: Vec3, fallback: Vec3 = [0, 0, 1]): Vec3 {
  const l = Math.hypot(v[0], v[1], v[2]);
  return l < 1e-12 ? fallback : [v[0] / l, v[1] / l, v[2] / l];
}

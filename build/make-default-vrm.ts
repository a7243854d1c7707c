/**
 * Generates Milady's default avatar: an original VRM 1.0 (glTF binary) built
 * entirely from code, deterministic byte for byte.
 *
 *   bun build/make-default-vrm.ts assets/avatars/milady-default.vrm
 *
 * Two skinned meshes (body, face), unlit vertex-coloured materials with baked
 * toon lighting, sparse morph targets for the face (blink, visemes, emotions)
 * bound to the VRM expression presets.
 */
import { addBody } from "./default-vrm/body";
import { addHead, FACE_TARGETS, MORPH_NAMES } from "./default-vrm/face";
import { BinWriter, packGlb } from "./default-vrm/glb";
import { addHair } from "./default-vrm/hair";
import { MeshBuilder } from "./default-vrm/mesh-builder";
import { BONES } from "./default-vrm/skeleton";

const FLOAT = 5126;
const UBYTE = 5121;
const USHORT = 5123;
const UINT = 5125;
const ARRAY_BUFFER = 34962;
const ELEMENT_ARRAY_BUFFER = 34963;

export const EXPRESSION_PRESETS = [
  "blink",
  "blinkLeft",
  "blinkRight",
  "aa",
  "ih",
  "ou",
  "ee",
  "oh",
  "happy",
  "sad",
  "angry",
  "surprised",
  "relaxed",
] as const;

export function makeDefaultVrm(): Uint8Array {
  // Two meshes: only the face decals (~1.5k of ~10k vertices) carry morph
  // targets, so the GPU (or SwiftShader) morphs 85 % fewer vertices per frame.
  const body = new MeshBuilder([]);
  const face = new MeshBuilder(MORPH_NAMES);
  addBody(body);
  addHead(body, face);
  addHair(body);
  body.bakeLighting();
  face.bakeLighting();

  const bin = new BinWriter();
  const accessors: Array<Record<string, unknown>> = [];
  const accessor = (def: Record<string, unknown>) => accessors.push(def) - 1;
  // Per mesh: one primitive per material (0 culled, 1 double-sided) sharing the vertex accessors.
  const primitives = (mb: MeshBuilder) => {
    const attributes = writeAttributes(mb, bin, accessor);
    const targets = mb.morphNames.length ? { targets: writeTargets(mb, bin, accessor) } : {};
    return ([mb.indices, mb.indicesDouble] as const).flatMap((list, material) =>
      list.length
        ? [{ attributes, indices: writeIndices(list, mb.vertexCount, bin, accessor), material, mode: 4, ...targets }]
        : [],
    );
  };
  const bodyPrimitives = primitives(body);
  const facePrimitives = primitives(face);

  const boneIndex = new Map(BONES.map((b, i) => [b.name, i]));
  const ibm = new Float32Array(BONES.length * 16);
  BONES.forEach((b, i) => {
    // Identity rotations in the rest pose, so the inverse bind is a pure translation (column-major).
    ibm.set([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, -b.at[0], -b.at[1], -b.at[2], 1], i * 16);
  });
  const ibmAccessor = accessor({ bufferView: bin.add(ibm), componentType: FLOAT, count: BONES.length, type: "MAT4" });

  const nodes: Array<Record<string, unknown>> = BONES.map((b) => {
    const parent = b.parent === null ? null : BONES[boneIndex.get(b.parent) as number];
    const t = parent ? b.at.map((x, k) => round(x - parent.at[k])) : b.at;
    const children = BONES.flatMap((c, ci) => (c.parent === b.name ? [ci] : []));
    return { name: b.name, translation: t, ...(children.length ? { children } : {}) };
  });
  const bodyNode = nodes.push({ name: "Body", mesh: 0, skin: 0 }) - 1;
  const meshNode = nodes.push({ name: "Face", mesh: 1, skin: 0 }) - 1;
  const bind = (name: string) => ({ node: meshNode, index: MORPH_NAMES.indexOf(name), weight: 1 });
  const preset: Record<string, unknown> = {};
  for (const name of EXPRESSION_PRESETS) {
    const binds = name === "blink" ? [bind("blinkLeft"), bind("blinkRight")] : [bind(name)];
    if (!(name in FACE_TARGETS) && name !== "blink") throw new Error(`expression ${name} has no morph target`);
    preset[name] = {
      morphTargetBinds: binds,
      isBinary: false,
      overrideBlink: "none",
      overrideLookAt: "none",
      overrideMouth: "none",
    };
  }
  const humanBones = Object.fromEntries(BONES.map((b, i) => [b.name, { node: i }]));

  const json = {
    asset: { version: "2.0", generator: "milady build/make-default-vrm.ts" },
    extensionsUsed: ["VRMC_vrm", "KHR_materials_unlit"],
    scene: 0,
    scenes: [{ name: "Milady", nodes: [boneIndex.get("hips"), bodyNode, meshNode] }],
    nodes,
    meshes: [
      { name: "Body", primitives: bodyPrimitives },
      {
        name: "Face",
        primitives: facePrimitives,
        weights: MORPH_NAMES.map(() => 0),
        extras: { targetNames: MORPH_NAMES },
      },
    ],
    // Unlit vertex colours with lighting baked in (see MeshBuilder.bakeLighting).
    materials: [false, true].map((doubleSided) => ({
      name: doubleSided ? "MiladyDoubleSided" : "MiladyCulled",
      pbrMetallicRoughness: { baseColorFactor: [1, 1, 1, 1], metallicFactor: 0, roughnessFactor: 0.9 },
      doubleSided,
      extensions: { KHR_materials_unlit: {} },
    })),
    skins: [
      {
        name: "Armature",
        inverseBindMatrices: ibmAccessor,
        joints: BONES.map((_, i) => i),
        skeleton: boneIndex.get("hips"),
      },
    ],
    accessors,
    bufferViews: bin.bufferViews,
    buffers: [{ byteLength: 0 }],
    extensions: {
      VRMC_vrm: {
        specVersion: "1.0",
        meta: {
          name: "Milady",
          version: "1.0.0",
          authors: ["Milady project"],
          copyrightInformation:
            "Generated from code by build/make-default-vrm.ts; original work of the Milady project.",
          licenseUrl: "https://vrm.dev/licenses/1.0/",
          avatarPermission: "everyone",
          allowExcessivelyViolentUsage: false,
          allowExcessivelySexualUsage: false,
          commercialUsage: "corporation",
          allowPoliticalOrReligiousUsage: false,
          allowAntisocialOrHateUsage: false,
          creditNotation: "unnecessary",
          allowRedistribution: true,
          modification: "allowModificationRedistribution",
        },
        humanoid: { humanBones },
        firstPerson: {
          meshAnnotations: [
            { node: bodyNode, type: "auto" },
            { node: meshNode, type: "auto" },
          ],
        },
        lookAt: {
          type: "bone",
          offsetFromHeadBone: [0, 0.076, 0.09],
          // Eyes saturate at 30 degrees off-axis; the stage turns the head for the rest.
          rangeMapHorizontalInner: { inputMaxValue: 30, outputScale: 7 },
          rangeMapHorizontalOuter: { inputMaxValue: 30, outputScale: 7 },
          rangeMapVerticalDown: { inputMaxValue: 30, outputScale: 5 },
          rangeMapVerticalUp: { inputMaxValue: 30, outputScale: 5 },
        },
        expressions: { preset },
      },
    },
  };
  const data = bin.concat();
  json.buffers[0].byteLength = data.byteLength;
  return packGlb(json, data);
}

type AddAccessor = (def: Record<string, unknown>) => number;

function writeAttributes(mb: MeshBuilder, bin: BinWriter, accessor: AddAccessor) {
  const vc = mb.vertexCount;
  const pos = new Float32Array(mb.positions);
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < pos.length; i++) {
    min[i % 3] = Math.min(min[i % 3], pos[i]);
    max[i % 3] = Math.max(max[i % 3], pos[i]);
  }
  return {
    POSITION: accessor({
      bufferView: bin.add(pos, ARRAY_BUFFER),
      componentType: FLOAT,
      count: vc,
      type: "VEC3",
      min,
      max,
    }),
    NORMAL: accessor({
      bufferView: bin.add(new Float32Array(mb.normals), ARRAY_BUFFER),
      componentType: FLOAT,
      count: vc,
      type: "VEC3",
    }),
    // 16-bit colours: 8-bit linear values band visibly in dark hair and navy cloth.
    COLOR_0: accessor({
      bufferView: bin.add(rgbToRgba16(mb.colors), ARRAY_BUFFER),
      componentType: USHORT,
      normalized: true,
      count: vc,
      type: "VEC4",
    }),
    JOINTS_0: accessor({
      bufferView: bin.add(new Uint8Array(mb.joints), ARRAY_BUFFER),
      componentType: UBYTE,
      count: vc,
      type: "VEC4",
    }),
    WEIGHTS_0: accessor({
      bufferView: bin.add(new Float32Array(mb.weights), ARRAY_BUFFER),
      componentType: FLOAT,
      count: vc,
      type: "VEC4",
    }),
  };
}

function writeIndices(list: number[], vertexCount: number, bin: BinWriter, accessor: AddAccessor): number {
  const wide = vertexCount > 65535;
  return accessor({
    bufferView: bin.add(wide ? new Uint32Array(list) : new Uint16Array(list), ELEMENT_ARRAY_BUFFER),
    componentType: wide ? UINT : USHORT,
    count: list.length,
    type: "SCALAR",
  });
}

/** Sparse morph targets: each moves only one feature's vertices. */
function writeTargets(mb: MeshBuilder, bin: BinWriter, accessor: AddAccessor) {
  return mb.morphNames.map((name) => {
    const deltas = [...(mb.morphs.get(name) ?? new Map<number, number[]>()).entries()].sort((a, b) => a[0] - b[0]);
    if (deltas.length === 0) deltas.push([0, [0, 0, 0]]);
    const tmin = [0, 0, 0];
    const tmax = [0, 0, 0];
    for (const [, d] of deltas) {
      for (let k = 0; k < 3; k++) {
        tmin[k] = Math.min(tmin[k], d[k]);
        tmax[k] = Math.max(tmax[k], d[k]);
      }
    }
    return {
      POSITION: accessor({
        componentType: FLOAT,
        count: mb.vertexCount,
        type: "VEC3",
        min: tmin,
        max: tmax,
        sparse: {
          count: deltas.length,
          indices: { bufferView: bin.add(new Uint32Array(deltas.map(([i]) => i))), componentType: UINT },
          values: { bufferView: bin.add(new Float32Array(deltas.flatMap(([, d]) => d))) },
        },
      }),
    };
  });
}

function rgbToRgba16(rgb: number[]): Uint16Array {
  const out = new Uint16Array((rgb.length / 3) * 4);
  for (let i = 0, o = 0; i < rgb.length; i += 3, o += 4) {
    out[o] = Math.round(rgb[i] * 65535);
    out[o + 1] = Math.round(rgb[i + 1] * 65535);
    out[o + 2] = Math.round(rgb[i + 2] * 65535);
    out[o + 3] = 65535;
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

if (import.meta.main) {
  const out = process.argv[2];
  if (!out) {
    console.error("usage: bun build/make-default-vrm.ts OUT.vrm (e.g. assets/avatars/milady-default.vrm)");
    process.exit(2);
  }
  const bytes = makeDefaultVrm();
  const { mkdirSync, writeFileSync } = await import("node:fs");
  const { dirname } = await import("node:path");
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, bytes);
  console.log(`wrote ${out} (${(bytes.byteLength / 1024).toFixed(0)} KiB)`);
}

import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type VRM, VRMLoaderPlugin } from "@pixiv/three-vrm";
import { type Mesh, Quaternion, type SkinnedMesh, Vector3 } from "three";
import { GLTFLoader } from "three/examples/jsm/loaders/GLTFLoader.js";
import { EXPRESSION_PRESETS, makeDefaultVrm } from "./make-default-vrm";

const REQUIRED_BONES = [
  "hips",
  "spine",
  "chest",
  "neck",
  "head",
  "leftUpperArm",
  "leftLowerArm",
  "leftHand",
  "rightUpperArm",
  "rightLowerArm",
  "rightHand",
  "leftUpperLeg",
  "leftLowerLeg",
  "leftFoot",
  "rightUpperLeg",
  "rightLowerLeg",
  "rightFoot",
  "leftEye",
  "rightEye",
] as const;

async function parse(bytes: Uint8Array): Promise<VRM> {
  const loader = new GLTFLoader();
  loader.register((parser) => new VRMLoaderPlugin(parser));
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const gltf = await loader.parseAsync(ab, "");
  const vrm = gltf.userData.vrm as VRM | undefined;
  if (!vrm) throw new Error("no VRM in file");
  return vrm;
}

function faceMesh(vrm: VRM): Mesh {
  let found: Mesh | undefined;
  vrm.scene.traverse((o) => {
    if ((o as Mesh).isMesh && (o as Mesh).morphTargetInfluences?.length) found = o as Mesh;
  });
  if (!found) throw new Error("no morphing mesh");
  return found;
}

describe("makeDefaultVrm", () => {
  const bytes = makeDefaultVrm();

  test("is deterministic, small and a GLB", () => {
    expect(Buffer.from(makeDefaultVrm()).equals(Buffer.from(bytes))).toBe(true);
    expect(bytes.byteLength).toBeLessThan(1024 * 1024);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe("glTF");
  });

  test("the committed asset is up to date (else run `bun run build:assets`)", () => {
    const asset = readFileSync(join(import.meta.dir, "../assets/avatars/milady-default.vrm"));
    expect(asset.equals(Buffer.from(bytes))).toBe(true);
  });

  test("parses as VRM 1.0 with meta, every required bone and every expression", async () => {
    const vrm = await parse(bytes);
    const meta = vrm.meta as {
      metaVersion: string;
      name: string;
      authors: string[];
      licenseUrl: string;
      avatarPermission: string;
      commercialUsage: string;
    };
    expect(meta.metaVersion).toBe("1");
    expect(meta.name).toBe("Milady");
    expect(meta.authors.length).toBeGreaterThan(0);
    expect(meta.licenseUrl).toContain("vrm.dev");
    expect(meta.avatarPermission).toBe("everyone");
    expect(meta.commercialUsage).toBe("corporation");
    for (const name of REQUIRED_BONES) expect(vrm.humanoid.getRawBoneNode(name)).not.toBeNull();
    for (const name of EXPRESSION_PRESETS) expect(vrm.expressionManager?.getExpression(name)).not.toBeNull();
    let skinned = 0;
    vrm.scene.traverse((o) => {
      if ((o as SkinnedMesh).isSkinnedMesh) skinned++;
    });
    expect(skinned).toBeGreaterThan(0);
    expect(vrm.lookAt).not.toBeNull();
  });

  test("expressions change morph weights and poses move bones", async () => {
    const vrm = await parse(bytes);
    const mesh = faceMesh(vrm);
    const dict = mesh.morphTargetDictionary ?? {};
    for (const name of ["aa", "blinkLeft", "happy", "surprised"]) {
      const em = vrm.expressionManager;
      em?.resetValues();
      em?.setValue(name === "blinkLeft" ? "blinkLeft" : name, 1);
      vrm.update(1 / 60);
      const idx = dict[name];
      expect(idx).toBeDefined();
      expect(mesh.morphTargetInfluences?.[idx]).toBeCloseTo(1, 5);
      const others = (mesh.morphTargetInfluences ?? []).filter((w, i) => i !== idx && w > 0);
      expect(others.length).toBe(0);
    }
    // "blink" drives both eyes.
    vrm.expressionManager?.resetValues();
    vrm.expressionManager?.setValue("blink", 1);
    vrm.update(1 / 60);
    expect(mesh.morphTargetInfluences?.[dict.blinkLeft]).toBeCloseTo(1, 5);
    expect(mesh.morphTargetInfluences?.[dict.blinkRight]).toBeCloseTo(1, 5);

    // Lowering the left arm in normalized space rotates the raw bone and moves the hand down.
    const hand = vrm.humanoid.getRawBoneNode("leftHand");
    const before = hand?.getWorldPosition(new Vector3()).clone();
    vrm.humanoid.getNormalizedBoneNode("leftUpperArm")?.rotation.set(0, 0, -1.2);
    vrm.update(1 / 60);
    vrm.scene.updateMatrixWorld(true);
    const after = hand?.getWorldPosition(new Vector3());
    expect(before && after && after.y < before.y - 0.2).toBe(true);
    const raw = vrm.humanoid.getRawBoneNode("leftUpperArm");
    expect(raw?.quaternion.angleTo(new Quaternion())).toBeGreaterThan(1);
  });

  test("the morph targets actually move the face (blink closes the lid, aa opens the mouth)", async () => {
    const vrm = await parse(bytes);
    const mesh = faceMesh(vrm);
    const dict = mesh.morphTargetDictionary ?? {};
    const targets = mesh.geometry.morphAttributes.position ?? [];
    const maxDisplacement = (name: string) => {
      const a = targets[dict[name]];
      let m = 0;
      for (let i = 0; i < a.count; i++) m = Math.max(m, Math.hypot(a.getX(i), a.getY(i), a.getZ(i)));
      return m;
    };
    expect(maxDisplacement("blinkLeft")).toBeGreaterThan(0.02); // lid travels ~3 cm
    expect(maxDisplacement("aa")).toBeGreaterThan(0.01); // jaw drops ~1.1 cm
    for (const name of ["ih", "ou", "ee", "oh", "happy", "sad", "angry", "surprised", "relaxed"]) {
      expect(maxDisplacement(name)).toBeGreaterThan(0.002);
    }
  });
});

import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { VRM } from "@pixiv/three-vrm";
import { type Mesh, Object3D, Quaternion, Vector3 } from "three";
import { AvatarRig } from "./avatar-rig";
import { parseVrm } from "./vrm-loader";

const ASSET = join(import.meta.dir, "../../assets/avatars/milady-default.vrm");

async function setup() {
  const file = readFileSync(ASSET);
  const vrm = await parseVrm(
    file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer,
    "default.vrm",
  );
  const camera = { position: new Vector3(0, 1.4, 1.6) };
  const rig = new AvatarRig(vrm, () => 0.5, camera, new Object3D());
  let face: Mesh | undefined;
  vrm.scene.traverse((o) => {
    if ((o as Mesh).morphTargetInfluences?.length) face = o as Mesh;
  });
  if (!face) throw new Error("no face mesh");
  const mesh = face;
  const weight = (name: string) => mesh.morphTargetInfluences?.[mesh.morphTargetDictionary?.[name] ?? -1] ?? 0;
  const step = (seconds: number) => {
    for (let t = 0; t < seconds; t += 1 / 30) rig.update(1 / 30);
  };
  return { vrm, rig, weight, step };
}

const rawRotation = (vrm: VRM, bone: "head" | "rightLowerArm" | "leftUpperArm") =>
  vrm.humanoid.getRawBoneNode(bone)?.quaternion.clone() ?? new Quaternion();

describe("AvatarRig on the default VRM (no WebGL needed)", () => {
  test("idle pose lowers the arms; blinking happens within 6 s", async () => {
    const { vrm, weight, step } = await setup();
    step(0.1);
    expect(rawRotation(vrm, "leftUpperArm").angleTo(new Quaternion())).toBeGreaterThan(1);
    let closed = 0;
    for (let i = 0; i < 180; i++) {
      step(1 / 30);
      closed = Math.max(closed, weight("blinkLeft"));
    }
    expect(closed).toBeGreaterThan(0.9);
  });

  test("speak() and setAudioLevel() move the mouth; it closes again afterwards", async () => {
    const { rig, weight, step } = await setup();
    rig.lipSync.push("Hello, I am Milady!");
    let open = 0;
    for (let i = 0; i < 30; i++) {
      step(1 / 30);
      open = Math.max(open, weight("aa"), weight("ee"), weight("oh"), weight("ih"), weight("ou"));
    }
    expect(open).toBeGreaterThan(0.7);
    step(3);
    expect(weight("aa") + weight("ee") + weight("oh")).toBeLessThan(0.01);
    rig.setAudioLevel(0.9);
    step(0.3);
    expect(weight("aa")).toBeGreaterThan(0.8);
  });

  test("emotes blend in and return to idle", async () => {
    const { vrm, rig, weight, step } = await setup();
    step(0.1);
    const idleArm = rawRotation(vrm, "rightLowerArm");
    rig.playEmote("wave");
    step(0.8);
    expect(rawRotation(vrm, "rightLowerArm").angleTo(idleArm)).toBeGreaterThan(1.2);
    expect(weight("happy")).toBeGreaterThan(0.5);
    step(1.5);
    expect(rawRotation(vrm, "rightLowerArm").angleTo(idleArm)).toBeLessThan(0.05);
    rig.playEmote("surprised");
    step(0.7);
    expect(weight("surprised")).toBeGreaterThan(0.95);
  });

  test("the head follows the pointer, clamped", async () => {
    const { vrm, rig, step } = await setup();
    step(0.5);
    const centre = rawRotation(vrm, "head");
    rig.pointer = { x: 5, y: 0 }; // far outside the canvas
    step(1);
    const turned = rawRotation(vrm, "head").angleTo(centre);
    expect(turned).toBeGreaterThan(0.2);
    expect(turned).toBeLessThan(0.45);
  });
});

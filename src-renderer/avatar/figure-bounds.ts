/**
 * The posed avatar's extent, measured from its skinned vertices: the bind pose is a
 * T-pose (arms out, twice as wide as the figure people see), and a VRM's declared
 * bounds are often missing or loose. Called once per load, after the idle pose is set.
 */
import type { VRM } from "@pixiv/three-vrm";
import { type Mesh, type Object3D, Vector3 } from "three";
import type { FigureBounds } from "./framing";

/** Enough vertices per mesh for the outline; a 100k-vertex VRoid model stays a few ms. */
const MAX_SAMPLES_PER_MESH = 6000;

export function figureBounds(vrm: VRM): FigureBounds | null {
  vrm.scene.updateMatrixWorld(true);
  const min = new Vector3(Infinity, Infinity, Infinity);
  const max = new Vector3(-Infinity, -Infinity, -Infinity);
  const v = new Vector3();
  vrm.scene.traverse((o: Object3D) => {
    const mesh = o as Mesh;
    if (!mesh.isMesh || !mesh.visible) return;
    const position = mesh.geometry.getAttribute("position");
    if (!position) return;
    const stride = Math.max(1, Math.floor(position.count / MAX_SAMPLES_PER_MESH));
    for (let i = 0; i < position.count; i += stride) {
      // getVertexPosition applies morph targets and, for a SkinnedMesh, the current bone pose.
      mesh.getVertexPosition(i, v).applyMatrix4(mesh.matrixWorld);
      min.min(v);
      max.max(v);
    }
  });
  if (!Number.isFinite(min.y) || max.y - min.y < 1e-3) return null;
  const boneY = (name: "hips" | "head") => {
    const bone = vrm.humanoid.getRawBoneNode(name);
    return bone ? bone.getWorldPosition(v).y : undefined;
  };
  return {
    min: { x: min.x, y: min.y, z: min.z },
    max: { x: max.x, y: max.y, z: max.z },
    hipsY: boneY("hips"),
    headY: boneY("head"),
  };
}

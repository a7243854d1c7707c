/** Fetches, validates and parses a VRM (0.x or 1.0) into a three-vrm VRM. */
import { type VRM, VRMLoaderPlugin, VRMUtils } from "@pixiv/three-vrm";
import type { Object3D } from "three";
import { GLTFLoader } from "three/examples/jsm/loaders/GLTFLoader.js";

const GLB_MAGIC = 0x46546c67; // "glTF"

/** How a URL is fetched: plain fetch, or the API client's (its server and token). */
export type FetchFile = (url: string) => Promise<Response>;

export async function readSource(
  source: string | ArrayBuffer,
  fetchFile: FetchFile = (url) => fetch(url),
): Promise<{ bytes: ArrayBuffer; label: string }> {
  if (typeof source !== "string") return { bytes: source, label: "the uploaded file" };
  let response: Response;
  try {
    response = await fetchFile(source);
  } catch (error) {
    throw new Error(
      `Could not download the avatar ${source}: ${(error as Error).message}. Check that Milady is running, then reload.`,
    );
  }
  if (!response.ok) {
    throw new Error(
      `Could not download the avatar ${source} (HTTP ${response.status}). Pick another avatar in the Character tab, or upload the file again.`,
    );
  }
  return { bytes: await response.arrayBuffer(), label: source };
}

export async function parseVrm(bytes: ArrayBuffer, label: string): Promise<VRM> {
  if (bytes.byteLength < 20 || new DataView(bytes).getUint32(0, true) !== GLB_MAGIC) {
    throw new Error(
      `${label} is not a VRM file (it does not start with a glTF binary header). Export the avatar as .vrm (e.g. from VRoid Studio) and upload it again.`,
    );
  }
  const loader = new GLTFLoader();
  loader.register((parser) => new VRMLoaderPlugin(parser));
  let gltf: Awaited<ReturnType<GLTFLoader["parseAsync"]>>;
  try {
    gltf = await loader.parseAsync(bytes, "");
  } catch (error) {
    throw new Error(
      `${label} is damaged and could not be read (${(error as Error).message}). Re-export or re-upload the avatar.`,
    );
  }
  const vrm = gltf.userData.vrm as VRM | undefined;
  if (!vrm) {
    VRMUtils.deepDispose(gltf.scene);
    throw new Error(
      `${label} is a 3D model but not a VRM avatar (no VRM extension). Convert it to VRM (e.g. with the UniVRM exporter) and upload it again.`,
    );
  }
  if (!vrm.humanoid?.getNormalizedBoneNode("head")) {
    VRMUtils.deepDispose(vrm.scene);
    throw new Error(
      `${label} has no humanoid head bone, so it cannot be animated. Use a VRM made for avatars (VRoid Studio exports work).`,
    );
  }
  // Fewer joints and vertices to skin each frame: matters on SwiftShader and phones.
  VRMUtils.removeUnnecessaryVertices(gltf.scene);
  VRMUtils.combineSkeletons(gltf.scene);
  VRMUtils.rotateVRM0(vrm); // VRM 0.x faces -Z; turn it to face the camera like 1.0.
  vrm.scene.traverse((o: Object3D) => {
    // Skinned bounds are computed in bind pose; emotes move arms outside them.
    o.frustumCulled = false;
  });
  return vrm;
}

export function disposeVrm(vrm: VRM): void {
  vrm.scene.removeFromParent();
  VRMUtils.deepDispose(vrm.scene);
}

/**
 * Structural check of a VRM upload, before it replaces the current avatar.
 * A VRM is a glTF binary (GLB):
 *   header  12 bytes: magic "glTF" | version (2) | total length      (uint32 LE each)
 *   chunk 0 8 bytes:  length | type "JSON", then the JSON text (padded to 4 bytes)
 *   chunk 1 (optional): BIN
 * and its JSON declares `VRMC_vrm` (VRM 1.0) or `VRM` (VRM 0.x) in `extensions`.
 * We do not load meshes here: the renderer's loader does that, this only keeps
 * obviously wrong files (a .glb without VRM, a renamed zip, a truncated upload) out.
 */
const MAGIC_GLTF = 0x46546c67; // "glTF" little-endian
const CHUNK_JSON = 0x4e4f534a; // "JSON" little-endian
const HEADER_BYTES = 12;
const CHUNK_HEADER_BYTES = 8;

export type VrmCheck = { ok: true; version: "1.0" | "0.x"; title?: string } | { ok: false; reason: string };

export function checkVrm(bytes: Uint8Array): VrmCheck {
  if (bytes.byteLength < HEADER_BYTES + CHUNK_HEADER_BYTES) {
    return { ok: false, reason: "the file is too small to be a VRM (a glTF binary)" };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC_GLTF) {
    return {
      ok: false,
      reason:
        'the file is not a glTF binary (it does not start with "glTF"); export it as .vrm from VRoid Studio or UniVRM',
    };
  }
  const version = view.getUint32(4, true);
  if (version !== 2) return { ok: false, reason: `the file is glTF version ${version}; VRM needs glTF 2` };
  const declared = view.getUint32(8, true);
  if (declared > bytes.byteLength) {
    return { ok: false, reason: `the file is truncated (${bytes.byteLength} of ${declared} bytes); upload it again` };
  }
  const jsonLength = view.getUint32(12, true);
  if (view.getUint32(16, true) !== CHUNK_JSON) return { ok: false, reason: "the glTF binary has no JSON chunk first" };
  const jsonStart = HEADER_BYTES + CHUNK_HEADER_BYTES;
  if (jsonLength === 0 || jsonStart + jsonLength > bytes.byteLength) {
    return { ok: false, reason: "the glTF JSON chunk is cut off; the file is damaged" };
  }
  let gltf: unknown;
  try {
    gltf = JSON.parse(new TextDecoder().decode(bytes.subarray(jsonStart, jsonStart + jsonLength)));
  } catch {
    return { ok: false, reason: "the glTF JSON chunk is not valid JSON; the file is damaged" };
  }
  const extensions = (gltf as { extensions?: Record<string, unknown> } | null)?.extensions;
  if (extensions && typeof extensions === "object") {
    const vrm1 = extensions.VRMC_vrm as { meta?: { name?: unknown } } | undefined;
    if (vrm1 && typeof vrm1 === "object") {
      return { ok: true, version: "1.0", title: typeof vrm1.meta?.name === "string" ? vrm1.meta.name : undefined };
    }
    const vrm0 = extensions.VRM as { meta?: { title?: unknown } } | undefined;
    if (vrm0 && typeof vrm0 === "object") {
      return { ok: true, version: "0.x", title: typeof vrm0.meta?.title === "string" ? vrm0.meta.title : undefined };
    }
  }
  return {
    ok: false,
    reason:
      "the file is a glTF model but not a VRM (no VRMC_vrm or VRM extension); convert it with UniVRM or VRoid Studio",
  };
}

/** Builds a minimal GLB around a glTF JSON object (tests, and tools that need a placeholder). */
export function buildGlb(gltf: unknown, bin?: Uint8Array): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  let json = encoder.encode(JSON.stringify(gltf));
  const jsonPadded = Math.ceil(json.byteLength / 4) * 4;
  if (jsonPadded !== json.byteLength) {
    const padded = new Uint8Array(jsonPadded).fill(0x20); // spaces, as the spec asks
    padded.set(json);
    json = padded;
  }
  const binPadded = bin ? Math.ceil(bin.byteLength / 4) * 4 : 0;
  const total = HEADER_BYTES + CHUNK_HEADER_BYTES + jsonPadded + (bin ? CHUNK_HEADER_BYTES + binPadded : 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC_GLTF, true);
  view.setUint32(4, 2, true);
  view.setUint32(8, total, true);
  view.setUint32(12, jsonPadded, true);
  view.setUint32(16, CHUNK_JSON, true);
  out.set(json, 20);
  if (bin) {
    const at = 20 + jsonPadded;
    view.setUint32(at, binPadded, true);
    view.setUint32(at + 4, 0x004e4942, true); // "BIN\0"
    out.set(bin, at + 8);
  }
  return out;
}

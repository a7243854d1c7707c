import { describe, expect, test } from "bun:test";
import { buildGlb, checkVrm } from "./vrm";

const vrm1 = {
  asset: { version: "2.0" },
  extensionsUsed: ["VRMC_vrm"],
  extensions: {
    VRMC_vrm: {
      specVersion: "1.0",
      meta: { name: "Tiny", authors: ["test"], licenseUrl: "https://vrm.dev/licenses/1.0/" },
    },
  },
};

describe("checkVrm", () => {
  test("accepts a GLB whose JSON declares VRMC_vrm (1.0) or VRM (0.x)", () => {
    expect(checkVrm(buildGlb(vrm1, new Uint8Array([1, 2, 3])))).toEqual({ ok: true, version: "1.0", title: "Tiny" });
    expect(checkVrm(buildGlb({ asset: { version: "2.0" }, extensions: { VRM: { meta: { title: "Old" } } } }))).toEqual({
      ok: true,
      version: "0.x",
      title: "Old",
    });
  });

  test("rejects a plain glTF, wrong magic, wrong version, truncation and broken JSON with a reason", () => {
    const plain = checkVrm(buildGlb({ asset: { version: "2.0" } }));
    expect(plain).toMatchObject({ ok: false, reason: expect.stringContaining("not a VRM") });

    const zip = new Uint8Array(64);
    zip.set([0x50, 0x4b, 3, 4]);
    expect(checkVrm(zip)).toMatchObject({ ok: false, reason: expect.stringContaining("not a glTF binary") });

    const v1 = buildGlb(vrm1);
    new DataView(v1.buffer).setUint32(4, 1, true);
    expect(checkVrm(v1)).toMatchObject({ ok: false, reason: expect.stringContaining("version 1") });

    const full = buildGlb(vrm1);
    expect(checkVrm(full.subarray(0, full.byteLength - 10))).toMatchObject({
      ok: false,
      reason: expect.stringContaining("truncated"),
    });

    const broken = buildGlb(vrm1);
    broken[20] = 0x7b; // "{" stays, but
    broken[21] = 0x7b; // "{{" is not JSON
    expect(checkVrm(broken)).toMatchObject({ ok: false, reason: expect.stringContaining("not valid JSON") });

    expect(checkVrm(new Uint8Array(4))).toMatchObject({ ok: false });
  });
});

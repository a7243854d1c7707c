import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appChannel, readStagedRelease } from "./release-channel";

describe("the app's release channel", () => {
  test("a stable build staged as beta is the beta app; every other build keeps Electrobun's channel", () => {
    expect(appChannel("stable", { channel: "beta" })).toBe("beta");
    expect(appChannel("stable", { channel: "stable" })).toBe("stable");
    expect(appChannel("canary", { channel: "beta" })).toBe("canary");
    expect(appChannel("dev", undefined)).toBe("dev");
    expect(appChannel("stable", null)).toBe("stable");
    expect(appChannel("stable", "beta")).toBe("stable");
  });

  test("release.json is read from the app root; missing or broken reads as nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "milady-release-"));
    try {
      expect(readStagedRelease(dir)).toBeUndefined();
      writeFileSync(join(dir, "release.json"), "{not json");
      expect(readStagedRelease(dir)).toBeUndefined();
      writeFileSync(join(dir, "release.json"), '{"channel":"beta"}\n');
      expect(readStagedRelease(dir)).toEqual({ channel: "beta" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MiladyError } from "../../src-shared/protocol";
import { AttemptLimiter } from "./attempt-limiter";
import { DeviceStore } from "./device-store";
import { normalizePairCode, PAIR_CODE_ALPHABET } from "./pair-code";
import { PAIR_CODE_TTL_MS, Pairing } from "./pairing";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup(options: { approve?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "milady-pairing-"));
  dirs.push(dir);
  let now = 1_000_000;
  const clock = {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
  const devices = new DeviceStore(join(dir, "devices.json"));
  const requests: string[] = [];
  const pairing = new Pairing({
    devices,
    approve: () => options.approve ?? false,
    now: clock.now,
    limiter: new AttemptLimiter(5, 10 * 60_000, clock.now),
    onRequest: (r) => void requests.push(r.deviceName),
  });
  return { dir, devices, pairing, clock, requests };
}

const codeOf = (error: unknown) => (error instanceof MiladyError ? error.code : String(error));
function refused(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return codeOf(error);
  }
  return "accepted";
}

describe("pairing codes", () => {
  test("8 characters from an alphabet without look-alikes; typed case, spaces and dashes do not matter", () => {
    const { pairing } = setup();
    for (let i = 0; i < 200; i++) {
      const { code } = pairing.start();
      expect(code).toMatch(/^[A-Z2-9]{8}$/);
      for (const c of code) expect(PAIR_CODE_ALPHABET).toContain(c);
    }
    expect(PAIR_CODE_ALPHABET).not.toMatch(/[01OIL]/);
    expect(normalizePairCode("abcd-efgh ")).toBe("ABCDEFGH");
  });

  test("a right code pairs once: a device with its own token, stored hashed; the code is then used up", () => {
    const { pairing, devices, dir } = setup();
    const { code } = pairing.start();
    const answer = pairing.pair(code.toLowerCase(), "Pixel", "10.0.0.2");
    if (answer.status !== "paired") throw new Error(`expected paired, got ${answer.status}`);
    expect(answer.token).toMatch(/^mld_dev_/);
    expect(devices.match(answer.token)?.id).toBe(answer.deviceId);
    const file = readFileSync(join(dir, "devices.json"), "utf8");
    expect(file).not.toContain(answer.token);
    expect(file).toContain("Pixel");
    expect(refused(() => pairing.pair(code, "Again", "10.0.0.2"))).toBe("unauthorized");
  });

  test("a code expires after 5 minutes; a new code replaces the old one", () => {
    const { pairing, clock } = setup();
    const first = pairing.start().code;
    const second = pairing.start().code;
    expect(refused(() => pairing.pair(first, "Old", "10.0.0.3"))).toBe(first === second ? "accepted" : "unauthorized");
    clock.advance(PAIR_CODE_TTL_MS + 1);
    expect(refused(() => pairing.pair(second, "Late", "10.0.0.3"))).toBe("unauthorized");
  });

  test("5 wrong tries per 10 minutes per address, then 429 even with the right code; other addresses go on", () => {
    const { pairing, clock } = setup();
    const { code } = pairing.start();
    for (let i = 0; i < 5; i++) expect(refused(() => pairing.pair("WRONGWRO", "x", "10.0.0.9"))).toBe("unauthorized");
    expect(refused(() => pairing.pair(code, "x", "10.0.0.9"))).toBe("rate_limited");
    // Another address is not affected and can still use the code.
    expect(pairing.pair(code, "Other", "10.0.0.10").status).toBe("paired");
    // Once the window has passed, the first address may try again.
    clock.advance(10 * 60_000 - 1000);
    expect(refused(() => pairing.pair(pairing.start().code, "x", "10.0.0.9"))).toBe("rate_limited");
    clock.advance(1001);
    expect(pairing.pair(pairing.start().code, "Back", "10.0.0.9").status).toBe("paired");
  });

  test("with approval on: pending until the owner approves; the token is handed out once; deny is final", () => {
    const { pairing, requests } = setup({ approve: true });
    const answer = pairing.pair(pairing.start().code, "iPhone", "10.0.0.4");
    if (answer.status !== "pending") throw new Error("expected pending");
    expect(requests).toEqual(["iPhone"]);
    expect(pairing.pending().map((r) => r.deviceName)).toEqual(["iPhone"]);
    expect(pairing.result(answer.requestId).status).toBe("pending");
    pairing.decide(answer.requestId, true);
    const paired = pairing.result(answer.requestId);
    expect(paired.status).toBe("paired");
    expect(refused(() => pairing.result(answer.requestId))).toBe("not_found");

    const denied = pairing.pair(pairing.start().code, "Stranger", "10.0.0.5");
    if (denied.status !== "pending") throw new Error("expected pending");
    pairing.decide(denied.requestId, false);
    expect(pairing.result(denied.requestId).status).toBe("denied");
    expect(refused(() => pairing.decide(denied.requestId, true))).toBe("not_found");
  });
});

describe("device store", () => {
  test("matches only a whole device token; revoked and unknown tokens match nothing; unreadable file trusts nobody", () => {
    const { devices, dir } = setup();
    const { device, token } = devices.add("Phone", "10.0.0.2");
    expect(devices.match(token)?.id).toBe(device.id);
    expect(devices.match(`${token}x`)).toBeUndefined();
    expect(devices.match("owner-token")).toBeUndefined();
    expect(devices.remove(device.id)).toBe(true);
    expect(devices.match(token)).toBeUndefined();
    expect(devices.remove(device.id)).toBe(false);
    const { token: kept } = devices.add("Kept", "10.0.0.2");
    expect(new DeviceStore(join(dir, "devices.json")).match(kept)).toBeDefined();
    Bun.write(join(dir, "broken.json"), "{");
    const problems: string[] = [];
    const broken = new DeviceStore(join(dir, "broken.json"), (m) => void problems.push(m));
    expect(broken.list()).toEqual([]);
    expect(problems[0]).toContain("pair again");
  });
});

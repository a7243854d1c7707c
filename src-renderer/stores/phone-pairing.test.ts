import { describe, expect, test } from "bun:test";
import { FINGERPRINT, payloadFixture } from "../testing/lan-fixtures";
import {
  addressToUrl,
  defaultDeviceName,
  groupCode,
  normaliseCode,
  parsePairPayload,
  readPairing,
  savePairing,
} from "./phone-pairing";

describe("the QR's text", () => {
  test("a Milady pairing payload is accepted as the contract describes it", () => {
    const text = JSON.stringify(payloadFixture(["https://192.168.1.20:2139", "https://studio-mac.local:2139"]));
    const result = parsePairPayload(text);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.payload.urls).toEqual(["https://192.168.1.20:2139", "https://studio-mac.local:2139"]);
      expect(result.payload.fingerprint).toBe(FINGERPRINT);
    }
  });

  test("bad JSON, another app's QR, a payload without addresses or from a newer version: refused with a message", () => {
    const refused = (text: string) => {
      const r = parsePairPayload(text);
      return r.ok ? "accepted" : r.message;
    };
    expect(refused("https://example.com/menu")).toContain("not a Milady pairing code");
    expect(refused("{not json")).toContain("not a Milady pairing code");
    expect(refused(JSON.stringify({ wifi: "home" }))).toContain("not a Milady pairing code");
    expect(refused(JSON.stringify(payloadFixture([])))).toContain("not a Milady pairing code");
    const { code: _code, ...noCode } = payloadFixture(["https://a:1"]);
    expect(refused(JSON.stringify(noCode))).toContain("not a Milady pairing code");
    expect(refused(JSON.stringify({ ...payloadFixture(["https://a:1"]), v: 2 }))).toContain("newer Milady");
  });
});

describe("what people type", () => {
  test("an address without a scheme is HTTPS on the LAN port; a given scheme or port is kept", () => {
    expect(addressToUrl("192.168.1.20")).toBe("https://192.168.1.20:2139");
    expect(addressToUrl(" 192.168.1.20:2139/ ")).toBe("https://192.168.1.20:2139");
    expect(addressToUrl("studio-mac.local")).toBe("https://studio-mac.local:2139");
    expect(addressToUrl("192.168.1.20:443")).toBe("https://192.168.1.20");
    expect(addressToUrl("https://192.168.1.20")).toBe("https://192.168.1.20");
    expect(addressToUrl("http://127.0.0.1:2138")).toBe("http://127.0.0.1:2138");
    expect(addressToUrl("[fe80::1]")).toBe("https://[fe80::1]:2139");
  });

  test("not an address: null", () => {
    for (const bad of ["", "   ", "ftp://host", "not a host !", "https://user:pw@host", "https://host/path"]) {
      expect(addressToUrl(bad)).toBeNull();
    }
  });

  test("the code: upper case without separators, shown in two groups of four", () => {
    expect(normaliseCode("abcd-efgh")).toBe("ABCDEFGH");
    expect(normaliseCode(" ab cd ef gh ")).toBe("ABCDEFGH");
    expect(groupCode("abcdefgh")).toBe("ABCD-EFGH");
    expect(groupCode("abc")).toBe("ABC");
  });

  test("a device name from the user agent", () => {
    expect(
      defaultDeviceName(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
      ),
    ).toBe("iPhone (Safari)");
    expect(
      defaultDeviceName(
        "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP1A.240305.019) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0 Mobile Safari/537.36",
      ),
    ).toBe("Pixel 8 (Chrome)");
    expect(defaultDeviceName("Mozilla/5.0 (Linux; Android 14; K) AppleWebKit/537.36 Chrome/123.0 Mobile")).toBe(
      "Android phone (Chrome)",
    );
    expect(defaultDeviceName("")).toBe("Phone");
  });
});

describe("the stored pairing", () => {
  const memory = () => {
    const m = new Map<string, string>();
    return {
      getItem: (k: string) => m.get(k) ?? null,
      setItem: (k: string, v: string) => void m.set(k, v),
      removeItem: (k: string) => void m.delete(k),
    } as unknown as Storage;
  };

  test("round-trips; a damaged or foreign value reads as no pairing", () => {
    const storage = memory();
    const pairing = {
      v: 1 as const,
      id: "agent-1",
      name: "studio-mac",
      urls: ["https://192.168.1.20:2139"],
      deviceId: "dev-1",
      token: "t",
      pairedAt: 5,
    };
    savePairing(pairing, storage);
    expect(readPairing(storage)).toEqual(pairing);
    storage.setItem("milady.pairing", "{oops");
    expect(readPairing(storage)).toBeNull();
    storage.setItem("milady.pairing", JSON.stringify({ ...pairing, token: "" }));
    expect(readPairing(storage)).toBeNull();
  });
});

import { describe, expect, test } from "bun:test";
import type { NetworkInterfaceInfo } from "node:os";
import { parseScanTimeout } from "../cli/lan-command";
import {
  agentFromService,
  agentUrl,
  buildTxt,
  type FoundAgent,
  instanceName,
  lanInterfaces,
  mdnsHostName,
  mergeById,
  orderAddresses,
  parseTxt,
  truncateUtf8,
} from "./mdns-records";

const ID = "3f1c9a2e-7b4d-4e0a-9c61-2d8f5e7a1b03";
const bytes = (entries: string[]) => entries.map((e) => new TextEncoder().encode(e));
const good = ["v=1", `id=${ID}`, "name=Milady", "port=2139", "tls=1"];

describe("TXT record", () => {
  test("carries exactly v, id, name, port and tls, in that order", () => {
    const txt = buildTxt({ id: ID, name: "Milady", port: 2139, tls: true });
    expect(Object.entries(txt)).toEqual([
      ["v", "1"],
      ["id", ID],
      ["name", "Milady"],
      ["port", "2139"],
      ["tls", "1"],
    ]);
  });

  test("a long name is cut to fit one 255-byte TXT string, without splitting a character", () => {
    const txt = buildTxt({ id: ID, name: "ミ".repeat(200), port: 2139, tls: true });
    const size = new TextEncoder().encode(`name=${txt.name}`).length;
    expect(size).toBeLessThanOrEqual(255);
    expect(size).toBeGreaterThan(250);
    expect(txt.name).toMatch(/^ミ+$/);
  });

  test("what buildTxt writes, parseTxt reads back", () => {
    const entries = Object.entries(buildTxt({ id: ID, name: "Nova", port: 40123, tls: true })).map(
      ([k, v]) => `${k}=${v}`,
    );
    expect(parseTxt(bytes(entries), 40123)).toEqual({
      ok: true,
      txt: { v: 1, id: ID, name: "Nova", port: 40123, tls: true },
    });
  });

  test("keys are case-insensitive, the first of a repeated key counts, unknown keys are ignored", () => {
    const parsed = parseTxt(bytes(["V=1", `ID=${ID}`, "id=other", "name=Milady", "port=2139", "tls=1", "future=x"]));
    expect(parsed).toEqual({ ok: true, txt: { v: 1, id: ID, name: "Milady", port: 2139, tls: true } });
  });

  test("a name may contain '='", () => {
    const parsed = parseTxt(bytes(["v=1", `id=${ID}`, "name=a=b", "port=2139", "tls=1"]));
    expect(parsed.ok && parsed.txt.name).toBe("a=b");
  });

  test.each([
    ["no TXT at all", [] as string[]],
    ["no v", good.filter((e) => !e.startsWith("v="))],
    ["another version", ["v=2", ...good.slice(1)]],
    ["no id", good.filter((e) => !e.startsWith("id="))],
    ["an id with spaces", good.map((e) => (e.startsWith("id=") ? "id=a b" : e))],
    ["an empty name", good.map((e) => (e.startsWith("name=") ? "name= " : e))],
    ["no port", good.filter((e) => !e.startsWith("port="))],
    ["port 0", good.map((e) => (e.startsWith("port=") ? "port=0" : e))],
    ["port 70000", good.map((e) => (e.startsWith("port=") ? "port=70000" : e))],
    ["port 21x", good.map((e) => (e.startsWith("port=") ? "port=21x" : e))],
    ["tls=yes", good.map((e) => (e.startsWith("tls=") ? "tls=yes" : e))],
    ["no tls", good.filter((e) => !e.startsWith("tls="))],
  ])("refuses a record with %s", (_what, entries) => {
    expect(parseTxt(bytes(entries)).ok).toBe(false);
  });

  test("refuses a TXT port that is not the SRV port", () => {
    const parsed = parseTxt(bytes(good), 2140);
    expect(parsed).toEqual({ ok: false, problem: "TXT port 2139 is not the SRV port 2140" });
  });

  test("refuses bytes that are not UTF-8", () => {
    expect(parseTxt([...bytes(good), new Uint8Array([0x6e, 0x3d, 0xff, 0xfe])]).ok).toBe(false);
  });
});

describe("a browsed service", () => {
  const service = {
    name: "Milady (desk)",
    host: "desk.local",
    port: 2139,
    addresses: ["fe80::1", "192.168.1.20", "10.213.4.1"],
    rawTxt: bytes(good),
    referer: { address: "10.213.4.1" },
  };

  test("becomes an agent with the answer's source address first, IPv4 before IPv6", () => {
    expect(agentFromService(service)).toEqual({
      ok: true,
      agent: {
        id: ID,
        name: "Milady",
        host: "desk.local",
        addresses: ["10.213.4.1", "192.168.1.20", "fe80::1"],
        port: 2139,
        tls: true,
        v: 1,
      },
    });
  });

  test("without a TXT record it is not an agent", () => {
    expect(agentFromService({ ...service, rawTxt: undefined }).ok).toBe(false);
  });

  test("without any address it is not an agent", () => {
    expect(agentFromService({ ...service, addresses: [], referer: undefined }).ok).toBe(false);
  });

  test("orderAddresses drops duplicates", () => {
    expect(orderAddresses(["10.0.0.2", "10.0.0.1", "10.0.0.2"], "10.0.0.1")).toEqual(["10.0.0.1", "10.0.0.2"]);
  });
});

describe("dedup by id", () => {
  const agent = (over: Partial<FoundAgent>): FoundAgent => ({
    id: ID,
    name: "Milady",
    host: "desk.local",
    addresses: ["10.0.0.1"],
    port: 2139,
    tls: true,
    v: 1,
    ...over,
  });

  test("one entry per id; the answer seen last wins, every address is kept", () => {
    const merged = mergeById([
      { agent: agent({ addresses: ["10.0.0.1"], port: 2139 }), seenAt: 1 },
      { agent: agent({ addresses: ["192.168.1.5"], port: 40000 }), seenAt: 3 },
      { agent: agent({ addresses: ["10.0.0.1"] }), seenAt: 2 },
    ]);
    expect(merged).toEqual([agent({ addresses: ["192.168.1.5", "10.0.0.1"], port: 40000 })]);
  });

  test("different ids stay apart, even with the same name, sorted by name then id", () => {
    const merged = mergeById([
      { agent: agent({ id: "b", name: "Milady" }), seenAt: 1 },
      { agent: agent({ id: "a", name: "Milady" }), seenAt: 1 },
      { agent: agent({ id: "c", name: "Kai" }), seenAt: 1 },
    ]);
    expect(merged.map((a) => a.id)).toEqual(["c", "a", "b"]);
  });
});

describe("instance name", () => {
  test('is the agent name with the host name: "Milady (desk)", then "Milady (desk) 2"', () => {
    expect(instanceName("Milady", "desk")).toBe("Milady (desk)");
    expect(instanceName("Milady", "desk.example.com", 2)).toBe("Milady (desk) 2");
    expect(instanceName("Milady", "Desk-MacBook.local")).toBe("Milady (Desk-MacBook)");
  });

  test("has no dots and fits one 63-byte DNS label, keeping the host part", () => {
    const name = instanceName("Dr. Very Long Agent Name That Goes On And On Forever", "workstation-17", 3);
    expect(name).not.toContain(".");
    expect(new TextEncoder().encode(name).length).toBeLessThanOrEqual(63);
    expect(name.endsWith(" (workstation-17) 3")).toBe(true);
    expect(name.startsWith("Dr- Very")).toBe(true);
  });

  test("a name of control characters or spaces falls back to Milady", () => {
    expect(instanceName(" \u0007 ", "desk")).toBe("Milady (desk)");
  });

  test("host names become valid labels under .local", () => {
    expect(mdnsHostName("desk")).toBe("desk.local");
    expect(mdnsHostName("My_Laptop.lan")).toBe("My-Laptop.local");
    expect(mdnsHostName("")).toBe("milady.local");
  });

  test("truncateUtf8 never splits a character", () => {
    expect(truncateUtf8("aé", 2)).toBe("a");
    expect(truncateUtf8("abc", 3)).toBe("abc");
  });
});

describe("interfaces", () => {
  const info = (address: string, family: "IPv4" | "IPv6" = "IPv4", internal = false): NetworkInterfaceInfo =>
    ({ address, family, internal, netmask: "", mac: "02:00:00:00:00:01", cidr: null }) as NetworkInterfaceInfo;
  const nets = {
    lo: [info("127.0.0.1", "IPv4", true), info("::1", "IPv6", true)],
    eth0: [info("fe80::2", "IPv6"), info("192.168.1.20"), info("192.168.1.21")],
    wlan0: [info("10.0.0.7")],
    ipv6only: [info("fe80::3", "IPv6")],
  };

  test("every non-loopback interface with IPv4, one address each", () => {
    expect(lanInterfaces(nets)).toEqual({
      interfaces: [
        { name: "eth0", address: "192.168.1.20" },
        { name: "wlan0", address: "10.0.0.7" },
      ],
      missing: [],
    });
  });

  test("narrowed by name or address; unknown ones are reported", () => {
    expect(lanInterfaces(nets, ["10.0.0.7", "tun9", "lo"])).toEqual({
      interfaces: [{ name: "wlan0", address: "10.0.0.7" }],
      missing: ["tun9", "lo"],
    });
  });

  test("none when there is only loopback", () => {
    expect(lanInterfaces({ lo: nets.lo }).interfaces).toEqual([]);
  });
});

describe("milady lan scan --timeout", () => {
  test("defaults to 3 s and takes milliseconds", () => {
    expect(parseScanTimeout(undefined)).toBe(3000);
    expect(parseScanTimeout("5000")).toBe(5000);
  });

  test.each(["abc", "-1", "1.5", "50", "600000", ""])("refuses %p as a wrong call (exit 2)", (value) => {
    expect(() => parseScanTimeout(value)).toThrow(/--timeout must be a number of milliseconds/);
  });

  test("URLs put IPv6 addresses in brackets", () => {
    expect(agentUrl({ tls: true, port: 2139 }, "10.0.0.1")).toBe("https://10.0.0.1:2139");
    expect(agentUrl({ tls: true, port: 2139 }, "fe80::1")).toBe("https://[fe80::1]:2139");
  });
});

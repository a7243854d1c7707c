import { describe, expect, test } from "bun:test";
import type { NetworkInterfaceInfo } from "node:os";
import { adapterKind, lanUrls } from "./addresses";

const v4 = (address: string, internal = false): NetworkInterfaceInfo =>
  ({ address, family: "IPv4", internal, netmask: "255.255.255.0", mac: "00:00:00:00:00:00", cidr: null }) as never;

describe("LAN addresses", () => {
  test("real adapters first, then the mDNS name, then VPN and virtual ones, each marked; no loopback or IPv6", () => {
    const urls = lanUrls(
      2139,
      {
        lo: [v4("127.0.0.1", true)],
        tailscale0: [v4("100.101.1.2")],
        docker0: [v4("172.17.0.1")],
        wlan0: [v4("192.168.1.20"), { ...v4("fe80::1"), family: "IPv6" } as never],
        en1: [v4("10.0.0.7")],
      },
      "desk",
    );
    expect(urls).toEqual([
      { url: "https://192.168.1.20:2139", via: "wlan0", kind: "lan" },
      { url: "https://10.0.0.7:2139", via: "en1", kind: "lan" },
      { url: "https://desk.local:2139", via: "mdns", kind: "mdns" },
      { url: "https://100.101.1.2:2139", via: "tailscale0", kind: "vpn" },
      { url: "https://172.17.0.1:2139", via: "docker0", kind: "virtual" },
    ]);
  });

  test("adapters are told apart by name and by address range", () => {
    expect(adapterKind("utun3", "10.8.0.2")).toBe("vpn");
    expect(adapterKind("wg0", "10.9.0.2")).toBe("vpn");
    expect(adapterKind("eth0", "100.64.3.4")).toBe("vpn"); // carrier-grade NAT, as Tailscale uses
    expect(adapterKind("vboxnet0", "192.168.56.1")).toBe("virtual");
    expect(adapterKind("eth0", "169.254.3.4")).toBe("virtual");
    expect(adapterKind("eth0", "192.168.0.5")).toBe("lan");
    expect(adapterKind("en0", "100.63.0.1")).toBe("lan");
  });

  test("no LAN interface: no URLs at all (not even the mDNS name)", () => {
    expect(lanUrls(2139, { lo: [v4("127.0.0.1", true)] }, "desk")).toEqual([]);
  });
});

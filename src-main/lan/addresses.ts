import { hostname, type NetworkInterfaceInfo, networkInterfaces } from "node:os";
import type { LanUrl } from "../../src-shared/contracts";

/**
 * Where a phone can reach this machine, best first. Peers' users got QR codes carrying a VPN
 * address the phone could not reach, so adapters are told apart by name: real ones (Wi-Fi,
 * Ethernet) first, then this machine's mDNS name, then VPN and virtual ones, each marked.
 */
const VPN = /^(tun|tap|wg|utun|tailscale|zt|ppp|ipsec|nordlynx|proton|mullvad)/i;
const VIRTUAL = /^(docker|br-|veth|virbr|vmnet|vboxnet|lxc|lxd|cni|flannel|podman|vEthernet|bridge|awdl|llw)/i;

export type AdapterKind = "lan" | "vpn" | "virtual";

export function adapterKind(name: string, address: string): AdapterKind {
  if (VPN.test(name) || address.startsWith("100.64.") || /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./.test(address)) {
    return "vpn"; // 100.64.0.0/10 is carrier-grade NAT, which Tailscale and others use
  }
  if (VIRTUAL.test(name) || address.startsWith("169.254.")) return "virtual";
  return "lan";
}

const RANK: Record<LanUrl["kind"], number> = { lan: 0, mdns: 1, vpn: 2, virtual: 3 };

/** This host's IPv4 LAN addresses (no loopback), each with its adapter. */
export function lanAddresses(
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
): { address: string; via: string; kind: AdapterKind }[] {
  const found: { address: string; via: string; kind: AdapterKind }[] = [];
  for (const [name, infos] of Object.entries(interfaces)) {
    for (const info of infos ?? []) {
      if (info.internal || info.family !== "IPv4") continue;
      found.push({ address: info.address, via: name, kind: adapterKind(name, info.address) });
    }
  }
  return found;
}

/** The URLs for the pairing QR and the status, real adapters first (stable order within a kind). */
export function lanUrls(
  port: number,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
  host = hostname(),
): LanUrl[] {
  const urls: LanUrl[] = lanAddresses(interfaces).map(({ address, via, kind }) => ({
    url: `https://${address}:${port}`,
    via,
    kind,
  }));
  const name = host.replace(/\.local$/i, "").replace(/[^A-Za-z0-9-]/g, "-");
  // Phones resolve <host>.local by mDNS, which keeps working when the Wi-Fi hands out a new address.
  if (urls.length > 0 && name) urls.push({ url: `https://${name}.local:${port}`, via: "mdns", kind: "mdns" });
  return urls
    .map((u, i) => ({ u, i }))
    .sort((a, b) => RANK[a.u.kind] - RANK[b.u.kind] || a.i - b.i)
    .map(({ u }) => u);
}

import type { Device, LanStatus, Pairing, PairPayload } from "../../src-shared/contracts";

/** A small but real-looking SVG, dark on white, as the server's QR is. */
export const QR_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29"><rect width="29" height="29" fill="#fff"/><path d="M1 1h7v7H1z" fill="#000"/></svg>';

export const FINGERPRINT = Array.from({ length: 32 }, (_, i) => ((i * 37 + 11) % 256).toString(16).padStart(2, "0"))
  .join(":")
  .toUpperCase();

export function lanStatusFixture(over: Partial<LanStatus> = {}): LanStatus {
  return {
    enabled: true,
    configured: true,
    source: "config",
    id: "agent-1",
    name: "studio-mac",
    port: 2139,
    urls: [
      { url: "https://192.168.1.20:2139", via: "en0", kind: "lan" },
      { url: "https://studio-mac.local:2139", via: "mdns", kind: "mdns" },
      { url: "https://100.101.1.2:2139", via: "tailscale0", kind: "vpn" },
      { url: "https://172.17.0.1:2139", via: "docker0", kind: "virtual" },
    ],
    fingerprint: FINGERPRINT,
    approve: false,
    advertised: true,
    ...over,
  };
}

export function pairingFixture(over: Partial<Pairing> = {}): Pairing {
  return {
    code: "ABCDEFGH",
    expiresAt: Date.now() + 5 * 60_000,
    urls: lanStatusFixture().urls.slice(0, 3),
    fingerprint: FINGERPRINT,
    qr: QR_SVG,
    payload: "{}",
    ...over,
  };
}

export function deviceFixture(over: Partial<Device> & Pick<Device, "id">): Device {
  return { name: "iPhone (Safari)", pairedAt: Date.UTC(2026, 0, 2), connected: false, ...over };
}

export function payloadFixture(urls: string[], over: Partial<PairPayload> = {}): PairPayload {
  return { v: 1, id: "agent-1", name: "studio-mac", urls, code: "ABCDEFGH", fingerprint: FINGERPRINT, ...over };
}

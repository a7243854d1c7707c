import { z } from "zod";

/** LAN access as /ws events carry it (the routes are in contracts/lan.ts). */

/** A URL a phone may reach the desktop at, best first; VPN and virtual adapters are marked. */
export const lanUrlSchema = z.object({
  url: z.string(),
  /** The adapter it is on (en0, wlan0, tailscale0, …) or "mdns" for the <host>.local name. */
  via: z.string(),
  kind: z.enum(["lan", "vpn", "virtual", "mdns"]),
});
export type LanUrl = z.infer<typeof lanUrlSchema>;

export const lanStatusSchema = z.object({
  /** LAN clients can reach the agent now. */
  enabled: z.boolean(),
  /** What config says (server.lan); `enabled` can differ for one run (--lan, MILADY_LAN=1). */
  configured: z.boolean(),
  /** Why it is on or off: "config", "flag" (--lan), "env" (MILADY_LAN) or "off". */
  source: z.enum(["config", "flag", "env", "off"]),
  /** The agent's stable id (in the QR and the mDNS TXT record): a phone finds it again by it. */
  id: z.string(),
  name: z.string(),
  /** The HTTPS port LAN clients use (the mDNS SRV and TXT port). */
  port: z.number().int(),
  urls: z.array(lanUrlSchema),
  /** SHA-256 of the certificate (DER), as colon-separated upper-case hex pairs. */
  fingerprint: z.string().optional(),
  /** Whether a pairing needs the owner's Approve (server.pairing.approve). */
  approve: z.boolean(),
  /** When the code on screen stops working; absent once it is used (a phone paired or waits) or none was made. */
  codeExpiresAt: z.number().optional(),
  /** Advertised over mDNS right now. */
  advertised: z.boolean(),
  /** What went wrong turning it on (a taken port, no LAN interface), with what to do. */
  problem: z.string().optional(),
});
export type LanStatus = z.infer<typeof lanStatusSchema>;

export const pairRequestSchema = z.object({
  requestId: z.string(),
  deviceName: z.string(),
  address: z.string(),
  at: z.number(),
});
export type PairRequest = z.infer<typeof pairRequestSchema>;

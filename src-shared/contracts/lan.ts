import { z } from "zod";
import { lanStatusSchema, lanUrlSchema, pairRequestSchema } from "../protocol/lan";
import { capability, route } from "./define";

export {
  type LanStatus,
  type LanUrl,
  lanStatusSchema,
  lanUrlSchema,
  type PairRequest,
  pairRequestSchema,
} from "../protocol/lan";

/**
 * LAN access: a phone on the same network pairs once and talks to the agent over HTTPS with
 * its own token. Main only (no agent channel). Routes marked `owner` answer only the owner:
 * a loopback client (the desktop), or a LAN client with the owner token (MILADY_API_TOKEN),
 * never a paired device. `public` routes are what a phone needs before it has a token.
 */

export const pairingSchema = z.object({
  code: z.string(),
  expiresAt: z.number(),
  urls: z.array(lanUrlSchema),
  fingerprint: z.string(),
  /** An SVG, dark on white, of the JSON {v: 1, id, name, urls, code, fingerprint}. */
  qr: z.string(),
  /** The QR's text, for `milady pair` and for tests. */
  payload: z.string(),
});
export type Pairing = z.infer<typeof pairingSchema>;

/** What the QR carries (urls as plain strings, best first). */
export const pairPayloadSchema = z.object({
  v: z.literal(1),
  id: z.string(),
  name: z.string(),
  urls: z.array(z.string()).min(1),
  code: z.string(),
  fingerprint: z.string(),
});
export type PairPayload = z.infer<typeof pairPayloadSchema>;

export const deviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  pairedAt: z.number(),
  lastSeenAt: z.number().optional(),
  /** The address it was last seen from. */
  address: z.string().optional(),
  /** A WebSocket of this device is open now. */
  connected: z.boolean(),
});
export type Device = z.infer<typeof deviceSchema>;

export const pairAnswerSchema = z.discriminatedUnion("status", [
  z.object({ status: z.literal("paired"), deviceId: z.string(), token: z.string() }),
  z.object({ status: z.literal("pending"), requestId: z.string() }),
  z.object({ status: z.literal("denied") }),
  z.object({ status: z.literal("expired") }),
]);
export type PairAnswer = z.infer<typeof pairAnswerSchema>;

export const lanContract = capability({
  name: "lan",
  events: {
    /** LAN access went on or off, the addresses changed, or a device connected. */
    lan_status: lanStatusSchema,
    /** A phone asks to pair and server.pairing.approve is on: the desktop shows Approve / Deny. */
    pair_request: pairRequestSchema,
  },
  routes: {
    status: route({
      method: "GET",
      path: "/api/lan",
      response: lanStatusSchema,
      access: "owner",
      errors: [],
      summary: "whether LAN access is on, the addresses, the certificate fingerprint, mDNS",
    }),
    set: route({
      method: "PUT",
      path: "/api/lan",
      body: z.object({ enabled: z.boolean() }),
      response: lanStatusSchema,
      access: "owner",
      errors: ["conflict"],
      summary: "turn LAN access on or off now and in config (server.lan); off closes every LAN connection",
    }),
    identity: route({
      method: "GET",
      path: "/api/lan/identity",
      // The fingerprint is public (any client sees the certificate): a phone that typed the address can show and keep it.
      response: z.object({ id: z.string(), name: z.string(), v: z.literal(1), fingerprint: z.string().optional() }),
      access: "public",
      errors: [],
      summary: "which agent answers here (a phone checks the id before it sends its token)",
    }),
    startPairing: route({
      method: "POST",
      path: "/api/pair/start",
      response: pairingSchema,
      access: "owner",
      errors: ["conflict"],
      summary: "a one-time 8-character code, valid 5 minutes, with the addresses and a QR",
    }),
    requests: route({
      method: "GET",
      path: "/api/pair/requests",
      response: z.object({ requests: z.array(pairRequestSchema) }),
      access: "owner",
      errors: [],
      summary: "pairings waiting for Approve / Deny",
    }),
    decide: route({
      method: "POST",
      path: "/api/pair/requests/:requestId",
      body: z.object({ approve: z.boolean() }),
      response: z.object({ ok: z.literal(true) }),
      access: "owner",
      errors: ["not_found"],
      summary: "approve or deny a waiting pairing",
    }),
    pair: route({
      method: "POST",
      path: "/api/auth/pair",
      body: z.object({ code: z.string().min(1).max(64), deviceName: z.string().min(1).max(64) }),
      response: pairAnswerSchema,
      access: "public",
      errors: ["unauthorized", "rate_limited", "forbidden"],
      summary: "a phone trades the code for its own token (or waits for approval); 5 tries per 10 minutes per address",
    }),
    pairResult: route({
      method: "GET",
      path: "/api/auth/pair/:requestId",
      response: pairAnswerSchema,
      access: "public",
      errors: ["not_found"],
      summary: "the phone polls a pending pairing; the token is handed out once",
    }),
    devices: route({
      method: "GET",
      path: "/api/devices",
      response: z.object({ devices: z.array(deviceSchema) }),
      access: "owner",
      errors: [],
      summary: "paired devices: name, address, last seen, connected",
    }),
    revoke: route({
      method: "DELETE",
      path: "/api/devices/:id",
      response: z.object({ ok: z.literal(true) }),
      access: "owner",
      errors: ["not_found"],
      summary: "forget a device: its WebSocket closes at once and its token stops working",
    }),
  },
});

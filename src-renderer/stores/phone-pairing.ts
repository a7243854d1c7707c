import { z } from "zod";
import { DEFAULT_LAN_PORT } from "../../src-shared/config/schema";
import { type lanContract, type PairPayload, pairPayloadSchema } from "../../src-shared/contracts";
import { isApiError } from "../api/api-error";
import { createApiClient } from "../api/client";

/**
 * A phone's side of pairing (issue 10): read the QR or a typed address, find the desktop among
 * its addresses, trade the one-time code for a device token, remember it. No React here: the
 * Connect screen drives these, and stores/connection.ts reconnects with what they stored.
 */

/** localStorage key of the remembered pairing (one desktop per phone browser). */
export const PAIRING_KEY = "milady.pairing";

export const storedPairingSchema = z.object({
  v: z.literal(1),
  /** The agent's stable id: a desktop whose address changed is recognised by it. */
  id: z.string(),
  name: z.string(),
  /** Where it answered, best first (the address that worked last is moved to the front). */
  urls: z.array(z.string()).min(1),
  deviceId: z.string(),
  token: z.string().min(1),
  /** The certificate's SHA-256 from the QR; unknown when the address was typed. */
  fingerprint: z.string().optional(),
  pairedAt: z.number(),
});
export type StoredPairing = z.infer<typeof storedPairingSchema>;

export function readPairing(storage: Storage | undefined = globalThis.localStorage): StoredPairing | null {
  try {
    const text = storage?.getItem(PAIRING_KEY);
    if (!text) return null;
    const parsed = storedPairingSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function savePairing(pairing: StoredPairing, storage: Storage | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(PAIRING_KEY, JSON.stringify(pairing));
  } catch {
    // storage blocked (private mode): the pairing lasts for this page only
  }
}

export function forgetPairing(storage: Storage | undefined = globalThis.localStorage): void {
  try {
    storage?.removeItem(PAIRING_KEY);
  } catch {
    // storage blocked: nothing was stored either
  }
}

export type PayloadResult = { ok: true; payload: PairPayload } | { ok: false; message: string };

/** The QR's text: JSON {v: 1, id, name, urls, code, fingerprint}, checked with the contract's schema. */
export function parsePairPayload(text: string): PayloadResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return {
      ok: false,
      message: "That QR code is not a Milady pairing code. Scan the code on the desktop's Pair a phone screen.",
    };
  }
  const parsed = pairPayloadSchema.safeParse(data);
  if (!parsed.success) {
    const v = (data as { v?: unknown } | null)?.v;
    return {
      ok: false,
      message:
        typeof v === "number" && v !== 1
          ? "This pairing code comes from a newer Milady: update the app on this phone, then scan again."
          : "That QR code is not a Milady pairing code. Scan the code on the desktop's Pair a phone screen.",
    };
  }
  return { ok: true, payload: parsed.data };
}

/** The code as the server expects it: upper case, without the dash or spaces people type. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

/** ABCDEFGH -> ABCD-EFGH: two groups are easier to read out and type. */
export function groupCode(code: string): string {
  const c = normaliseCode(code);
  return c.length === 8 ? `${c.slice(0, 4)}-${c.slice(4)}` : c;
}

/**
 * What a person typed as the desktop's address ("192.168.1.20", "milady.local:2139",
 * "https://[fe80::1]:2139/") as a base URL, or null when it is not an address at all.
 * Without a scheme it is HTTPS on the LAN port: LAN clients are served only over HTTPS.
 */
export function addressToUrl(input: string): string | null {
  const text = input.trim().replace(/\/+$/, "");
  if (!text) return null;
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  const withScheme = hasScheme ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (!url.hostname || url.username || url.password || (url.pathname !== "/" && url.pathname !== "")) return null;
  // "192.168.1.20:443" names its port (the URL parser then drops it as the default): keep it.
  if (!hasScheme && !/:\d+$/.test(text)) url.port = String(DEFAULT_LAN_PORT);
  return url.origin;
}

/** A readable default for the desktop's device list ("iPhone (Safari)"); the user can change it. */
export function defaultDeviceName(userAgent: string = globalThis.navigator?.userAgent ?? ""): string {
  const device = /iPad/.test(userAgent)
    ? "iPad"
    : /iPhone/.test(userAgent)
      ? "iPhone"
      : /Android/.test(userAgent)
        ? (/;\s*([^;)]+?)\s+Build\//.exec(userAgent)?.[1] ?? "Android phone")
        : /Macintosh/.test(userAgent)
          ? "Mac"
          : /Windows/.test(userAgent)
            ? "Windows PC"
            : /Linux/.test(userAgent)
              ? "Linux computer"
              : "Phone";
  const browser = /EdgA?\//.test(userAgent)
    ? "Edge"
    : /Firefox|FxiOS/.test(userAgent)
      ? "Firefox"
      : /Chrome|CriOS/.test(userAgent)
        ? "Chrome"
        : /Safari/.test(userAgent)
          ? "Safari"
          : "";
  return (browser ? `${device} (${browser})` : device).slice(0, 64);
}

export interface FoundAgent {
  url: string;
  identity: { id: string; name: string };
}

export interface Attempt {
  url: string;
  /** Why this address was passed over: no answer in time, a refusal, another agent. */
  problem: string;
}

export interface FindOptions {
  /** The agent the QR or the stored pairing names: an address answering with another id is skipped. */
  expectId?: string;
  /** Per address; a phone on the wrong network would otherwise wait for the OS's own timeout. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

export const IDENTITY_TIMEOUT_MS = 2500;

/**
 * Tries each address in order (GET /api/lan/identity, public) and returns the first that answers
 * as the expected agent, with what went wrong at the others.
 */
export async function findAgent(
  urls: readonly string[],
  opts: FindOptions = {},
): Promise<{ found: FoundAgent | null; attempts: Attempt[] }> {
  const attempts: Attempt[] = [];
  for (const url of unique(urls)) {
    if (opts.signal?.aborted) break;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), opts.timeoutMs ?? IDENTITY_TIMEOUT_MS);
    const onAbort = () => timeout.abort();
    opts.signal?.addEventListener("abort", onAbort);
    try {
      const api = createApiClient({ baseUrl: url, getToken: () => null, fetch: opts.fetch });
      const identity = await api.lan.identity(undefined, { signal: timeout.signal });
      if (opts.expectId && identity.id !== opts.expectId) {
        attempts.push({ url, problem: `another Milady answers there (${identity.name})` });
        continue;
      }
      return { found: { url, identity: { id: identity.id, name: identity.name } }, attempts };
    } catch (e) {
      attempts.push({
        url,
        problem: timeout.signal.aborted ? "no answer" : isApiError(e) ? e.message : String(e),
      });
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
    }
  }
  return { found: null, attempts };
}

export class PairingError extends Error {
  constructor(
    readonly code: "unreachable" | "wrong_code" | "rate_limited" | "denied" | "expired" | "timeout" | "failed",
    message: string,
    readonly fix?: string,
  ) {
    super(message);
    this.name = "PairingError";
  }
}

export type PairStep =
  | { kind: "finding" }
  | { kind: "pairing"; url: string; name: string }
  | { kind: "waiting"; url: string; name: string; requestId: string };

export interface PairInput {
  urls: readonly string[];
  code: string;
  deviceName: string;
  /** From the QR: only that agent may get the code. */
  expectId?: string;
  fingerprint?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** How often a pending pairing is asked about, and for how long at most (a code lives 5 minutes). */
  pollMs?: number;
  maxWaitMs?: number;
  signal?: AbortSignal;
  onStep?: (step: PairStep) => void;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

function pairingError(e: unknown): PairingError {
  if (e instanceof PairingError) return e;
  if (isApiError(e)) {
    if (e.status === 401)
      return new PairingError(
        "wrong_code",
        "That code is not right, or it was already used.",
        "Check the code on the desktop (Pair a phone shows it; a new one replaces it) and type it again.",
      );
    if (e.status === 429)
      return new PairingError(
        "rate_limited",
        "Too many tries from this phone: wait a few minutes.",
        "After 5 wrong codes the desktop stops listening to this phone for up to 10 minutes, even for the right code.",
      );
    if (e.status === 0)
      return new PairingError("unreachable", "The desktop stopped answering.", "Check the Wi-Fi, then try again.");
    return new PairingError("failed", e.message, e.fix);
  }
  return new PairingError("failed", e instanceof Error ? e.message : String(e));
}

/** The whole exchange: find the desktop, send the code, wait for Approve if it asks, store the pairing. */
export async function pairPhone(input: PairInput): Promise<{ pairing: StoredPairing; url: string }> {
  input.onStep?.({ kind: "finding" });
  const { found, attempts } = await findAgent(input.urls, {
    expectId: input.expectId,
    timeoutMs: input.timeoutMs,
    fetch: input.fetch,
    signal: input.signal,
  });
  if (!found) {
    const tried = attempts.map((a) => `${a.url} (${a.problem})`).join(", ");
    throw new PairingError(
      "unreachable",
      `The desktop did not answer${tried ? ` at ${tried}` : ""}.`,
      "Is Milady running with LAN access on, and is this phone on the same Wi-Fi? A browser asks once to accept the desktop's certificate: open the address, accept it, then try again.",
    );
  }
  const { url, identity } = found;
  const api = createApiClient({ baseUrl: url, getToken: () => null, fetch: input.fetch });
  input.onStep?.({ kind: "pairing", url, name: identity.name });
  let answer: z.infer<typeof lanContract.routes.pair.response>;
  try {
    answer = await api.lan.pair({ body: { code: normaliseCode(input.code), deviceName: input.deviceName } });
    if (answer.status === "pending") {
      const { requestId } = answer;
      input.onStep?.({ kind: "waiting", url, name: identity.name, requestId });
      const end = Date.now() + (input.maxWaitMs ?? 5 * 60_000);
      while (answer.status === "pending") {
        if (Date.now() >= end)
          throw new PairingError(
            "timeout",
            "Nobody approved this phone on the desktop in time.",
            "Ask for a new code on the desktop and pair again.",
          );
        await sleep(input.pollMs ?? 2000, input.signal);
        if (input.signal?.aborted) throw new PairingError("failed", "Pairing cancelled.");
        answer = await api.lan.pairResult({ params: { requestId } });
      }
    }
  } catch (e) {
    throw pairingError(e);
  }
  if (answer.status === "denied")
    throw new PairingError(
      "denied",
      `${identity.name} said no to this phone.`,
      "If that was a mistake, ask for a new code and approve the phone on the desktop.",
    );
  if (answer.status === "expired")
    throw new PairingError(
      "expired",
      "The code expired before this phone was approved.",
      "Ask for a new code on the desktop and pair again.",
    );
  if (answer.status !== "paired") throw new PairingError("failed", "Pairing did not finish.");
  const pairing: StoredPairing = {
    v: 1,
    id: identity.id,
    name: identity.name,
    urls: unique([url, ...input.urls]),
    deviceId: answer.deviceId,
    token: answer.token,
    fingerprint: input.fingerprint,
    pairedAt: Date.now(),
  };
  savePairing(pairing);
  return { pairing, url };
}

export function unique(urls: readonly string[]): string[] {
  return [...new Set(urls.map((u) => u.replace(/\/+$/, "")))];
}

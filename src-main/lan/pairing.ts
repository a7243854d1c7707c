import type { PairAnswer, PairRequest } from "../../src-shared/contracts";
import { newId } from "../../src-shared/ids";
import { MiladyError } from "../../src-shared/protocol";
import { tokenMatches } from "../server/auth";
import { AttemptLimiter } from "./attempt-limiter";
import type { DeviceStore } from "./device-store";
import { newPairCode, normalizePairCode } from "./pair-code";

export const PAIR_CODE_TTL_MS = 5 * 60_000;
/** A pending approval (and its token, until the phone picks it up) lives as long as a code. */
const REQUEST_TTL_MS = 5 * 60_000;
const MAX_PENDING = 20;

interface PendingRequest extends PairRequest {
  state: "pending" | "approved" | "denied";
  /** Set on approval; handed to the phone once, then forgotten. */
  answer?: PairAnswer;
}

export interface PairingOptions {
  devices: DeviceStore;
  /** server.pairing.approve, read at each try. */
  approve: () => boolean;
  onRequest?: (request: PairRequest) => void;
  now?: () => number;
  limiter?: AttemptLimiter;
}

/**
 * One-time pairing codes. One code is live at a time (a new one replaces it); it is used up by
 * the first right try. Wrong, used-up and expired codes count against the caller's address.
 */
export class Pairing {
  private code: { value: string; expiresAt: number } | undefined;
  private readonly requests = new Map<string, PendingRequest>();
  private readonly now: () => number;
  private readonly limiter: AttemptLimiter;

  constructor(private readonly options: PairingOptions) {
    this.now = options.now ?? Date.now;
    this.limiter = options.limiter ?? new AttemptLimiter(5, 10 * 60_000, this.now);
  }

  start(): { code: string; expiresAt: number } {
    this.code = { value: newPairCode(), expiresAt: this.now() + PAIR_CODE_TTL_MS };
    return { code: this.code.value, expiresAt: this.code.expiresAt };
  }

  /** The live code's expiry, if one is live (the status shows a pairing in progress). */
  liveUntil(): number | undefined {
    return this.code && this.code.expiresAt > this.now() ? this.code.expiresAt : undefined;
  }

  /** A phone's try: its code and name, from `address`. */
  pair(typedCode: string, deviceName: string, address: string): PairAnswer {
    const wait = this.limiter.blockedFor(address);
    if (wait > 0) {
      throw new MiladyError(
        "rate_limited",
        "too many wrong pairing codes from this address",
        `Wait ${Math.ceil(wait / 60_000)} min, then try again with a new code from the desktop.`,
      );
    }
    const live = this.code && this.code.expiresAt > this.now() ? this.code : undefined;
    // Compared in constant time; an expired or used code compares against nothing and fails the same way.
    if (!live || !tokenMatches(normalizePairCode(typedCode), live.value)) {
      this.limiter.fail(address);
      throw new MiladyError(
        "unauthorized",
        "that pairing code is wrong, used or expired",
        'On the desktop, get a new code under "Pair a phone" in the Settings tab (or run `milady pair`).',
      );
    }
    this.code = undefined; // used up
    if (!this.options.approve()) return this.paired(deviceName, address);
    this.prune();
    if (this.requests.size >= MAX_PENDING) {
      throw new MiladyError(
        "rate_limited",
        "too many pairings wait for approval",
        "Approve or deny them on the desktop.",
      );
    }
    const request: PendingRequest = { requestId: newId(), deviceName, address, at: this.now(), state: "pending" };
    this.requests.set(request.requestId, request);
    this.options.onRequest?.(publicRequest(request));
    return { status: "pending", requestId: request.requestId };
  }

  private paired(deviceName: string, address: string): PairAnswer {
    const { device, token } = this.options.devices.add(deviceName, address, this.now());
    return { status: "paired", deviceId: device.id, token };
  }

  /** What the phone polling a pending pairing sees; an approved token is handed out once. */
  result(requestId: string): PairAnswer {
    this.prune();
    const request = this.requests.get(requestId);
    if (!request)
      throw new MiladyError("not_found", "no such pairing request (it expired or was answered)", "Pair again.");
    if (request.state === "pending") return { status: "pending", requestId };
    this.requests.delete(requestId);
    return request.answer ?? { status: "denied" };
  }

  pending(): PairRequest[] {
    this.prune();
    return [...this.requests.values()].filter((r) => r.state === "pending").map(publicRequest);
  }

  decide(requestId: string, approve: boolean): void {
    this.prune();
    const request = this.requests.get(requestId);
    if (!request || request.state !== "pending") {
      throw new MiladyError("not_found", "no such pairing request waiting", "It expired or was answered already.");
    }
    request.state = approve ? "approved" : "denied";
    request.answer = approve ? this.paired(request.deviceName, request.address) : { status: "denied" };
  }

  private prune(): void {
    const since = this.now() - REQUEST_TTL_MS;
    for (const [id, request] of this.requests) if (request.at < since) this.requests.delete(id);
  }
}

const publicRequest = ({ requestId, deviceName, address, at }: PendingRequest): PairRequest => ({
  requestId,
  deviceName,
  address,
  at,
});

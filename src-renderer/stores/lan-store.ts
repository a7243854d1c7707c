import { create } from "zustand";
import type { Device, LanStatus, Pairing, PairRequest } from "../../src-shared/contracts";
import { getApi } from "./api-holder";

/**
 * The desktop's side of LAN access (owner routes): on/off, the addresses, the code a phone
 * pairs with, approvals waiting, paired devices. Each part keeps its own error, shown next
 * to it, so one failure does not blank the whole section.
 */
export interface InlineError {
  message: string;
  fix?: string;
}

export interface LanState {
  status: LanStatus | null;
  statusError: InlineError | null;
  toggling: boolean;
  /** The code on screen, and when it was asked for (a device paired after that used it). */
  pairing: Pairing | null;
  pairingAskedAt: number | null;
  pairingError: InlineError | null;
  startingPairing: boolean;
  /** A phone that paired with the code on screen. */
  justPaired: string | null;
  requests: PairRequest[];
  /** The request being answered. */
  deciding: string | null;
  requestsError: InlineError | null;
  devices: Device[] | null;
  devicesError: InlineError | null;
  revoking: string | null;
}

const initial = (): LanState => ({
  status: null,
  statusError: null,
  toggling: false,
  pairing: null,
  pairingAskedAt: null,
  pairingError: null,
  startingPairing: false,
  justPaired: null,
  requests: [],
  deciding: null,
  requestsError: null,
  devices: null,
  devicesError: null,
  revoking: null,
});

export const useLanStore = create<LanState>(initial);

export function resetLanStore(): void {
  useLanStore.setState(initial());
}

function inline(e: unknown): InlineError {
  const err = e as { message?: string; fix?: string };
  return { message: err?.message ?? String(e), fix: err?.fix };
}

export async function loadLanStatus(): Promise<void> {
  try {
    const status = await getApi().lan.status();
    useLanStore.setState({ status, statusError: null });
  } catch (e) {
    useLanStore.setState({ statusError: inline(e) });
  }
}

export async function setLanEnabled(enabled: boolean): Promise<void> {
  useLanStore.setState({ toggling: true, statusError: null });
  try {
    const status = await getApi().lan.set({ body: { enabled } });
    // Turned off: the code on screen can no longer be used from the LAN.
    useLanStore.setState(enabled ? { status } : { status, pairing: null, pairingAskedAt: null });
  } catch (e) {
    useLanStore.setState({ statusError: inline(e) });
  } finally {
    useLanStore.setState({ toggling: false });
  }
}

export async function startPairing(): Promise<void> {
  useLanStore.setState({ startingPairing: true, pairingError: null, justPaired: null });
  const askedAt = Date.now();
  try {
    const pairing = await getApi().lan.startPairing();
    useLanStore.setState({ pairing, pairingAskedAt: askedAt });
  } catch (e) {
    useLanStore.setState({ pairingError: inline(e) });
  } finally {
    useLanStore.setState({ startingPairing: false });
  }
}

export function closePairing(): void {
  useLanStore.setState({ pairing: null, pairingAskedAt: null, justPaired: null });
}

export async function loadPairRequests(): Promise<void> {
  try {
    const { requests } = await getApi().lan.requests();
    useLanStore.setState({ requests, requestsError: null });
  } catch (e) {
    useLanStore.setState({ requestsError: inline(e) });
  }
}

export async function decidePairRequest(requestId: string, approve: boolean): Promise<void> {
  useLanStore.setState({ deciding: requestId, requestsError: null });
  try {
    await getApi().lan.decide({ params: { requestId }, body: { approve } });
    useLanStore.setState((s) => ({ requests: s.requests.filter((r) => r.requestId !== requestId) }));
    if (approve) await loadDevices();
  } catch (e) {
    const err = inline(e);
    const gone = (e as { status?: number }).status === 404;
    useLanStore.setState((s) => ({
      requestsError: gone
        ? { message: "That request is gone: the phone gave up or its code expired.", fix: err.fix }
        : err,
      requests: gone ? s.requests.filter((r) => r.requestId !== requestId) : s.requests,
    }));
  } finally {
    useLanStore.setState({ deciding: null });
  }
}

export async function loadDevices(): Promise<void> {
  try {
    const { devices } = await getApi().lan.devices();
    const { pairing, pairingAskedAt, devices: before } = useLanStore.getState();
    // A device that paired since the code was shown used it (codes are one-time): say so, drop the QR.
    const known = new Set((before ?? []).map((d) => d.id));
    const fresh =
      pairing && pairingAskedAt !== null && before !== null
        ? devices.find((d) => !known.has(d.id) && d.pairedAt >= pairingAskedAt - 1000)
        : undefined;
    useLanStore.setState(
      fresh
        ? { devices, devicesError: null, justPaired: fresh.name, pairing: null, pairingAskedAt: null }
        : { devices, devicesError: null },
    );
  } catch (e) {
    useLanStore.setState({ devicesError: inline(e) });
  }
}

export async function revokeDevice(id: string): Promise<boolean> {
  useLanStore.setState({ revoking: id, devicesError: null });
  try {
    await getApi().lan.revoke({ params: { id } });
    useLanStore.setState((s) => ({ devices: (s.devices ?? []).filter((d) => d.id !== id) }));
    return true;
  } catch (e) {
    useLanStore.setState({ devicesError: inline(e) });
    return false;
  } finally {
    useLanStore.setState({ revoking: null });
  }
}

/** /ws lan_status: on/off, addresses, a device (dis)connected. */
export function applyLanStatus(status: LanStatus): void {
  const shown = useLanStore.getState().pairing;
  useLanStore.setState(status.enabled ? { status } : { status, pairing: null, pairingAskedAt: null });
  // "a device connected" comes as a status change: the list's connected flags follow.
  const devices = useLanStore.getState().devices !== null ? loadDevices() : Promise.resolve();
  // The code on screen was used (a phone paired, or waits for Approve) or replaced: stop showing it,
  // after the device list had its chance to say who paired with it.
  if (shown && status.enabled && shown.expiresAt !== status.codeExpiresAt) {
    void devices.then(() => {
      if (useLanStore.getState().pairing === shown) useLanStore.setState({ pairing: null, pairingAskedAt: null });
    });
  }
}

/** /ws pair_request: a phone waits for Approve / Deny. */
export function applyPairRequest(request: PairRequest): void {
  useLanStore.setState((s) =>
    s.requests.some((r) => r.requestId === request.requestId) ? s : { requests: [...s.requests, request] },
  );
}

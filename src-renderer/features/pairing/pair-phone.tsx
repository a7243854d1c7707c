import { useEffect, useState } from "react";
import type { Device, LanUrl, PairRequest } from "../../../src-shared/contracts";
import {
  closePairing,
  decidePairRequest,
  groupCode,
  loadDevices,
  loadLanStatus,
  loadPairRequests,
  revokeDevice,
  setLanEnabled,
  startPairing,
  useLanStore,
} from "../../stores";
import { Dialog } from "../shell/dialog";
import { Badge, Button, ErrorNote } from "../shell/ui";

/** While a code is on screen, requests and devices are asked for this often (the /ws events may lag or be missing). */
export const PAIR_POLL_MS = 3000;

/**
 * The desktop's Pair a phone screen: LAN access on/off with its addresses and certificate,
 * the one-time code as a QR and as text with its countdown, phones waiting for Approve, and
 * the paired devices with Revoke.
 */
export function PairPhone() {
  const { status, statusError, pairing } = useLanStore();
  useEffect(() => void loadAll(), []);
  useEffect(() => {
    if (!pairing) return;
    const timer = setInterval(() => {
      void loadPairRequests();
      void loadDevices();
    }, PAIR_POLL_MS);
    return () => clearInterval(timer);
  }, [pairing]);
  return (
    <div className="flex flex-col gap-5" data-testid="pair-phone">
      <LanAccess />
      {statusError && !status && <ErrorNote error={statusError} onRetry={() => void loadAll()} />}
      {status?.enabled && <PairingPanel />}
      <PairRequests />
      <DeviceList />
    </div>
  );
}

/** Requests and devices only once the server answers for LAN access at all (one error, not three). */
async function loadAll(): Promise<void> {
  await loadLanStatus();
  if (useLanStore.getState().status === null) return;
  await Promise.all([loadPairRequests(), loadDevices()]);
}

function LanAccess() {
  const { status, statusError, toggling } = useLanStore();
  const enabled = status?.enabled ?? false;
  const forRun = status && status.enabled !== status.configured;
  return (
    <div className="flex flex-col gap-3">
      <label className="flex cursor-pointer items-start gap-3 text-sm">
        <input
          type="checkbox"
          className="mt-1 h-5 w-5 shrink-0 accent-[var(--accent)]"
          checked={enabled}
          disabled={!status || toggling}
          onChange={(e) => void setLanEnabled(e.target.checked)}
        />
        <span>
          <span className="block font-medium text-fg">LAN access</span>
          <span className="block text-muted">
            {!status
              ? "Checking…"
              : enabled
                ? `On: phones on this network can pair and reach your agent over HTTPS on port ${status.port}.`
                : "Off: only this computer reaches Milady. Turn it on to pair a phone on the same Wi-Fi."}
          </span>
          {forRun && (
            <span className="mt-1 block text-xs text-warn">
              {status.source === "flag"
                ? "On for this run only (milady start --lan); the saved setting is off."
                : status.source === "env"
                  ? "On for this run only (MILADY_LAN=1); the saved setting is off."
                  : "The saved setting differs from what this run does."}
            </span>
          )}
        </span>
      </label>
      {status && statusError && <ErrorNote error={statusError} />}
      {status?.problem && (
        <div role="alert" className="rounded-lg border border-warn/40 bg-warn/10 px-3 py-2 text-sm text-warn">
          {status.problem}
        </div>
      )}
      {status?.enabled && (
        <div className="grid gap-3 text-sm">
          <Addresses urls={status.urls} />
          {status.fingerprint && <Fingerprint value={status.fingerprint} />}
          <p className="text-xs text-muted">
            {status.advertised
              ? `Announced on the network as “${status.name}”, so a paired phone finds it again when its address changes.`
              : "Not announced on the network right now: phones use the addresses above."}
          </p>
        </div>
      )}
    </div>
  );
}

const KIND: Record<LanUrl["kind"], { label: string; tone: "muted" | "warn" | "accent"; hint: string } | null> = {
  lan: null,
  mdns: { label: "name", tone: "accent", hint: "this computer's network name; works while the address changes" },
  vpn: { label: "VPN", tone: "warn", hint: "works only for a phone on the same VPN" },
  virtual: {
    label: "virtual",
    tone: "muted",
    hint: "a virtual machine or container adapter: a phone usually cannot reach it",
  },
};

function Addresses({ urls }: { urls: LanUrl[] }) {
  if (urls.length === 0)
    return (
      <p className="text-sm text-warn">
        No network address found: connect this computer to Wi-Fi or Ethernet, then turn LAN access off and on.
      </p>
    );
  return (
    <div>
      <h3 className="mb-1 text-xs font-medium tracking-wide text-muted uppercase">Addresses</h3>
      <ul className="flex flex-col gap-1.5" data-testid="lan-urls">
        {urls.map((u) => {
          const kind = KIND[u.kind];
          return (
            <li key={u.url} className="flex flex-wrap items-center gap-x-2 gap-y-0.5">
              <code className="font-mono text-sm break-all text-fg">{u.url}</code>
              <span className="text-xs text-muted">{u.via}</span>
              {kind && <Badge tone={kind.tone}>{kind.label}</Badge>}
              {kind && <span className="w-full text-xs text-muted">{kind.hint}</span>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function Fingerprint({ value }: { value: string }) {
  return (
    <div>
      <h3 className="mb-1 text-xs font-medium tracking-wide text-muted uppercase">Certificate fingerprint (SHA-256)</h3>
      <code className="block font-mono text-xs break-all text-fg" data-testid="fingerprint">
        {value}
      </code>
      <p className="mt-1 text-xs text-muted">
        A phone's browser warns once about this computer's own certificate: before you accept it, check that the
        fingerprint it shows matches this one.
      </p>
    </div>
  );
}

/** Seconds left until `expiresAt`, ticking every second; 0 once it has passed. */
function useSecondsLeft(expiresAt: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (expiresAt === undefined) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [expiresAt]);
  return expiresAt === undefined ? 0 : Math.max(0, Math.ceil((expiresAt - now) / 1000));
}

const mmss = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;

/**
 * The QR as an image: an SVG in an <img> cannot run script or reach the page, whatever it holds,
 * so even our own server's markup is never put into the DOM as HTML.
 */
export function qrImageSrc(svg: string): string | null {
  const text = svg.trim();
  if (!/^(<\?xml[^>]*>\s*)?<svg[\s>]/i.test(text)) return null;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
}

function PairingPanel() {
  const { pairing, pairingError, startingPairing, justPaired, status } = useLanStore();
  const left = useSecondsLeft(pairing?.expiresAt);
  if (!pairing) {
    return (
      <div className="flex flex-col items-start gap-2 border-t border-line pt-4">
        {justPaired && (
          <p role="status" className="text-sm text-ok">
            {justPaired} is paired. It appears in the list below.
          </p>
        )}
        <Button variant="primary" className="min-h-11" disabled={startingPairing} onClick={() => void startPairing()}>
          {startingPairing ? "Making a code…" : justPaired ? "Pair another phone" : "Pair a phone"}
        </Button>
        <p className="text-xs text-muted">
          Shows a QR code and an 8-character code, valid for 5 minutes and only once.
          {status?.approve ? " You approve each phone here before it gets in." : ""}
        </p>
        {pairingError && <ErrorNote error={pairingError} onRetry={() => void startPairing()} />}
      </div>
    );
  }
  const expired = left === 0;
  const src = qrImageSrc(pairing.qr);
  return (
    <div className="flex flex-col gap-4 border-t border-line pt-4 sm:flex-row sm:items-start" data-testid="pairing">
      <div className="mx-auto shrink-0 sm:mx-0">
        {src ? (
          <img
            src={src}
            alt="QR code to scan with the phone's camera"
            width={240}
            height={240}
            className={`h-56 w-56 rounded-lg bg-white p-2 sm:h-60 sm:w-60 ${expired ? "opacity-20" : ""}`}
          />
        ) : (
          <p className="w-52 text-sm text-warn">The QR code could not be shown: type the address and code instead.</p>
        )}
      </div>
      <div className="flex min-w-0 flex-1 flex-col gap-3">
        <ol className="list-decimal pl-5 text-sm text-muted">
          <li>On the phone, open the camera and scan the code, or open one of these addresses in its browser.</li>
          <li>If the phone asks, type this code:</li>
        </ol>
        <p
          className={`font-mono text-4xl font-semibold tracking-[0.15em] ${expired ? "text-muted line-through" : "text-fg"}`}
          data-testid="pair-code"
        >
          {groupCode(pairing.code)}
        </p>
        <p className="text-sm" aria-live="polite" data-testid="pair-countdown">
          {expired ? (
            <span className="text-warn">This code expired. Make a new one for the phone.</span>
          ) : (
            <span className="text-muted">
              Valid for <span className="font-mono text-fg">{mmss(left)}</span>, once.
            </span>
          )}
        </p>
        <ul className="flex flex-col gap-1 text-sm">
          {pairing.urls.map((u) => (
            <li key={u.url} className="flex flex-wrap items-center gap-2">
              <code className="font-mono break-all">{u.url}</code>
              {KIND[u.kind] && u.kind !== "mdns" && <Badge tone={KIND[u.kind]!.tone}>{KIND[u.kind]!.label}</Badge>}
            </li>
          ))}
        </ul>
        <div className="flex flex-wrap gap-2">
          <Button
            variant={expired ? "primary" : "secondary"}
            className="min-h-11"
            disabled={startingPairing}
            onClick={() => void startPairing()}
          >
            New code
          </Button>
          <Button variant="ghost" className="min-h-11" onClick={closePairing}>
            Done
          </Button>
        </div>
        {pairingError && <ErrorNote error={pairingError} />}
      </div>
    </div>
  );
}

const when = (ts: number) => new Date(ts).toLocaleString();

function ago(ts: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - ts) / 1000));
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return when(ts);
}

function PairRequests() {
  const { requests, deciding, requestsError } = useLanStore();
  if (requests.length === 0 && !requestsError) return null;
  return (
    <div className="flex flex-col gap-2 border-t border-line pt-4" data-testid="pair-requests">
      <h3 className="text-sm font-semibold">Waiting for your approval</h3>
      {requests.map((r: PairRequest) => (
        <div
          key={r.requestId}
          data-testid={`request-${r.requestId}`}
          className="flex flex-wrap items-center gap-3 rounded-lg border border-accent/40 bg-accent/5 px-3 py-2"
        >
          <div className="min-w-0 flex-1 text-sm">
            <p className="font-medium">{r.deviceName}</p>
            <p className="text-xs text-muted">
              from {r.address}, {ago(r.at)}
            </p>
          </div>
          <div className="flex gap-2">
            <Button
              variant="primary"
              className="min-h-11"
              disabled={deciding !== null}
              onClick={() => void decidePairRequest(r.requestId, true)}
            >
              Approve
            </Button>
            <Button
              variant="danger"
              className="min-h-11"
              disabled={deciding !== null}
              onClick={() => void decidePairRequest(r.requestId, false)}
            >
              Deny
            </Button>
          </div>
        </div>
      ))}
      {requestsError && <ErrorNote error={requestsError} onRetry={() => void loadPairRequests()} />}
    </div>
  );
}

function DeviceList() {
  const { devices, devicesError, revoking } = useLanStore();
  const [confirm, setConfirm] = useState<Device | null>(null);
  const close = () => setConfirm(null);
  return (
    <div className="flex flex-col gap-2 border-t border-line pt-4" data-testid="devices">
      <h3 className="text-sm font-semibold">Paired devices</h3>
      {devices === null && !devicesError && <p className="text-sm text-muted">Loading…</p>}
      {devices?.length === 0 && <p className="text-sm text-muted">No phone is paired yet.</p>}
      {devices && devices.length > 0 && (
        <ul className="flex flex-col divide-y divide-line">
          {devices.map((d) => (
            <li key={d.id} className="flex flex-wrap items-center gap-3 py-2">
              <div className="min-w-0 flex-1 text-sm">
                <p className="flex flex-wrap items-center gap-2 font-medium">
                  {d.name}
                  {d.connected ? <Badge tone="ok">connected</Badge> : <Badge>not connected</Badge>}
                </p>
                <p className="text-xs text-muted">
                  {d.address ? `${d.address} · ` : ""}
                  {d.lastSeenAt ? `last seen ${ago(d.lastSeenAt)}` : "not seen since pairing"} · paired{" "}
                  {when(d.pairedAt)}
                </p>
              </div>
              <Button variant="danger" className="min-h-11" disabled={revoking === d.id} onClick={() => setConfirm(d)}>
                Revoke
              </Button>
            </li>
          ))}
        </ul>
      )}
      {devicesError && <ErrorNote error={devicesError} onRetry={() => void loadDevices()} />}
      <Dialog title="Revoke this device?" open={confirm !== null} onClose={close}>
        <p className="text-sm text-muted">
          <span className="text-fg">{confirm?.name}</span> is disconnected at once and can no longer reach your agent.
          To use it again, pair it with a new code.
        </p>
        {devicesError && (
          <div className="mt-3">
            <ErrorNote error={devicesError} />
          </div>
        )}
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="ghost" className="min-h-11" onClick={close}>
            Cancel
          </Button>
          <Button
            variant="danger"
            className="min-h-11"
            disabled={revoking !== null}
            onClick={() => {
              const device = confirm;
              if (device) void revokeDevice(device.id).then((ok) => ok && close());
            }}
          >
            {revoking ? "Revoking…" : "Revoke"}
          </Button>
        </div>
      </Dialog>
    </div>
  );
}

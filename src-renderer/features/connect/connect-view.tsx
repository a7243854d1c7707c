import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import type { PairPayload } from "../../../src-shared/contracts";
import {
  addressToUrl,
  connectionEnv,
  defaultDeviceName,
  groupCode,
  isLoopbackHost,
  normaliseCode,
  openPairedDashboard,
  PairingError,
  type PairStep,
  pairPhone,
  parsePairPayload,
  useConnectionStore,
} from "../../stores";
import { Button, ErrorNote, Field, Input } from "../shell/ui";
import { QrScanner } from "./qr-scanner";

type Mode = "scan" | "type";

/** The address to suggest: the page's own when Milady served it (the phone opened the LAN address). */
function suggestedAddress(): string {
  const loc = globalThis.location;
  if (!loc || (loc.protocol !== "https:" && loc.protocol !== "http:") || isLoopbackHost(loc.hostname)) return "";
  return loc.host;
}

/** A big two-way switch between scanning and typing, each half a full touch target. */
function ModeSwitch({ mode, onChange }: { mode: Mode; onChange: (m: Mode) => void }) {
  const item = (m: Mode, label: string) => (
    <button
      type="button"
      role="tab"
      aria-selected={mode === m}
      onClick={() => onChange(m)}
      className={`min-h-11 flex-1 rounded-lg px-2 text-sm leading-tight font-medium transition ${mode === m ? "bg-line text-fg shadow" : "text-muted hover:text-fg"}`}
    >
      {label}
    </button>
  );
  return (
    <div
      role="tablist"
      aria-label="How to connect"
      className="flex gap-1 rounded-xl border border-line bg-surface-2 p-1"
    >
      {item("scan", "Scan QR code")}
      {item("type", "Type address and code")}
    </div>
  );
}

function Progress({ step, onCancel }: { step: PairStep; onCancel: () => void }) {
  const text =
    step.kind === "finding"
      ? "Looking for Milady on your network…"
      : step.kind === "pairing"
        ? `Pairing with ${step.name}…`
        : "Waiting for approval on the desktop";
  return (
    <div role="status" aria-live="polite" className="flex flex-col gap-3 rounded-xl border border-line bg-surface p-4">
      <p className="flex items-center gap-2 font-medium">
        <span className="h-2 w-2 shrink-0 animate-pulse rounded-full bg-accent" aria-hidden="true" />
        {text}
      </p>
      {step.kind === "waiting" && (
        <p className="text-sm text-muted">
          {step.name} asks whether to let this phone in: press Approve there. This page carries on by itself.
        </p>
      )}
      <Button variant="ghost" className="min-h-11 self-start" onClick={onCancel}>
        Cancel
      </Button>
    </div>
  );
}

/**
 * What a phone sees before it is paired: scan the desktop's QR code or type its address and
 * code, then wait (for approval, if the desktop asks for it) and land in the dashboard.
 */
export function ConnectView() {
  const notice = useConnectionStore((s) => s.notice);
  const [mode, setMode] = useState<Mode>("scan");
  const [deviceName, setDeviceName] = useState(() => defaultDeviceName());
  const [address, setAddress] = useState(suggestedAddress);
  const [code, setCode] = useState("");
  const [formError, setFormError] = useState<{ address?: string; code?: string }>({});
  const [scanProblem, setScanProblem] = useState<string | null>(null);
  // Without a usable camera, typing is the way: switch to it and say why once.
  const [cameraNote, setCameraNote] = useState<string | null>(null);
  const [scanned, setScanned] = useState<PairPayload | null>(null);
  const [step, setStep] = useState<PairStep | null>(null);
  const [failure, setFailure] = useState<{ message: string; fix?: string } | null>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const run = useCallback(
    async (input: { urls: string[]; code: string; expectId?: string; fingerprint?: string }) => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      setFailure(null);
      const env = connectionEnv();
      try {
        const { pairing, url } = await pairPhone({
          ...input,
          deviceName: deviceName.trim() || defaultDeviceName(),
          fetch: env.fetch,
          timeoutMs: env.timeoutMs,
          pollMs: env.pollMs,
          maxWaitMs: env.maxWaitMs,
          signal: controller.signal,
          onStep: setStep,
        });
        if (controller.signal.aborted) return;
        openPairedDashboard(pairing, url);
      } catch (e) {
        if (controller.signal.aborted) return;
        setStep(null);
        setScanned(null);
        setFailure(
          e instanceof PairingError
            ? { message: e.message, fix: e.fix }
            : { message: e instanceof Error ? e.message : String(e) },
        );
      }
    },
    [deviceName],
  );

  const cancel = () => {
    abort.current?.abort();
    setStep(null);
    setScanned(null);
  };

  const onScan = (text: string): boolean => {
    const result = parsePairPayload(text);
    if (!result.ok) {
      setScanProblem(result.message);
      return false;
    }
    setScanProblem(null);
    setScanned(result.payload);
    void run({
      urls: result.payload.urls,
      code: result.payload.code,
      expectId: result.payload.id,
      fingerprint: result.payload.fingerprint,
    });
    return true;
  };

  const submitTyped = () => {
    const url = addressToUrl(address);
    const c = normaliseCode(code);
    const errors = {
      address: url ? undefined : "Type the address the desktop shows, e.g. 192.168.1.20:2139.",
      code: c.length === 8 ? undefined : "The code has 8 letters and digits, e.g. ABCD-EFGH.",
    };
    setFormError(errors);
    if (!url || errors.code) return;
    void run({ urls: [url], code: c });
  };

  const busy = step !== null;
  return (
    <div className="min-h-full bg-bg text-fg">
      <header className="flex min-h-12 items-center gap-3 border-b border-line bg-surface/60 px-4 pt-[env(safe-area-inset-top)]">
        <span className="text-[15px] font-semibold tracking-tight">Milady</span>
      </header>
      <main className="mx-auto flex w-full max-w-md flex-col gap-5 p-4 pb-[max(1rem,env(safe-area-inset-bottom))]">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Connect to your Milady</h1>
          <p className="mt-1 text-sm text-muted">
            Pair this phone with Milady on your computer, once. On the computer, open Settings and choose Pair a phone
            (or Pair Phone in the tray menu).
          </p>
        </div>
        {notice && <ErrorNote error={notice} />}
        {busy ? (
          <>
            <Progress step={step} onCancel={cancel} />
            {scanned && <FingerprintCheck fingerprint={scanned.fingerprint} />}
          </>
        ) : (
          <>
            <ModeSwitch mode={mode} onChange={setMode} />
            {failure && <ErrorNote error={failure} />}
            {mode === "scan" ? (
              <Section>
                <QrScanner
                  onText={onScan}
                  onCameraProblem={(message) => {
                    setCameraNote(message);
                    setMode("type");
                  }}
                />
                {scanProblem && (
                  <p role="alert" className="text-sm text-danger">
                    {scanProblem}
                  </p>
                )}
              </Section>
            ) : (
              <form
                className="flex flex-col gap-4"
                noValidate
                onSubmit={(e) => {
                  e.preventDefault();
                  submitTyped();
                }}
              >
                {cameraNote && <p className="text-sm text-muted">{cameraNote}</p>}
                <Field
                  label="Address"
                  htmlFor="connect-address"
                  hint="As the desktop shows it under Addresses, e.g. 192.168.1.20:2139."
                  error={formError.address}
                >
                  <Input
                    id="connect-address"
                    className="min-h-11 text-base"
                    inputMode="url"
                    autoCapitalize="none"
                    autoCorrect="off"
                    spellCheck={false}
                    placeholder="192.168.1.20:2139"
                    value={address}
                    aria-invalid={formError.address ? true : undefined}
                    onChange={(e) => setAddress(e.target.value)}
                  />
                </Field>
                <Field label="Code" htmlFor="connect-code" error={formError.code}>
                  <Input
                    id="connect-code"
                    className="min-h-11 font-mono text-lg tracking-[0.2em] uppercase"
                    autoCapitalize="characters"
                    autoCorrect="off"
                    autoComplete="one-time-code"
                    spellCheck={false}
                    placeholder="ABCD-EFGH"
                    maxLength={9}
                    value={code}
                    aria-invalid={formError.code ? true : undefined}
                    onChange={(e) => setCode(groupCode(e.target.value))}
                  />
                </Field>
                <Button type="submit" variant="primary" className="min-h-11 text-base">
                  Connect
                </Button>
              </form>
            )}
          </>
        )}
        <Field
          label="This phone's name"
          htmlFor="connect-device-name"
          hint="Shown in the desktop's list of paired devices."
        >
          <Input
            id="connect-device-name"
            className="min-h-11 text-base"
            maxLength={64}
            value={deviceName}
            disabled={busy}
            onChange={(e) => setDeviceName(e.target.value)}
          />
        </Field>
      </main>
    </div>
  );
}

function Section({ children }: { children: ReactNode }) {
  return <div className="flex flex-col gap-3">{children}</div>;
}

/** The QR names the certificate: a browser that warned about it should have shown the same one. */
function FingerprintCheck({ fingerprint }: { fingerprint: string }) {
  return (
    <div className="text-xs text-muted">
      <p>The desktop's certificate fingerprint (SHA-256), from its QR code:</p>
      <code className="mt-1 block font-mono break-all text-fg">{fingerprint}</code>
    </div>
  );
}

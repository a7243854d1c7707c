import { useEffect, useState } from "react";
import { retryNow, unpair, useConnectionStore } from "../../stores";
import { Button } from "../shell/ui";

/** Seconds until `at`, ticking. */
function useSecondsUntil(at: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [at]);
  return at === null ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * A paired phone that cannot reach its desktop (while reconnecting, or when no address answers):
 * says so plainly, retries by itself with backoff, and at once when the phone is back online.
 */
export function OfflineView() {
  const { screen, target, retryAt, tried } = useConnectionStore();
  const seconds = useSecondsUntil(retryAt);
  const name = target?.name ?? "your computer";
  useEffect(() => {
    const back = () => retryNow();
    globalThis.addEventListener?.("online", back);
    return () => globalThis.removeEventListener?.("online", back);
  }, []);
  const checking = screen === "connecting" || retryAt === null;
  return (
    <div className="min-h-full bg-bg text-fg">
      <header className="flex min-h-12 items-center gap-3 border-b border-line bg-surface/60 px-4 pt-[env(safe-area-inset-top)]">
        <span className="text-[15px] font-semibold tracking-tight">Milady</span>
      </header>
      <main className="mx-auto flex w-full max-w-md flex-col gap-4 p-4" data-testid="offline">
        {screen === "connecting" ? (
          <p role="status" className="flex items-center gap-2 pt-8 text-base">
            <span className="h-2 w-2 shrink-0 animate-pulse rounded-full bg-warn" aria-hidden="true" />
            Connecting to {name}…
          </p>
        ) : (
          <>
            <h1 className="pt-4 text-xl font-semibold tracking-tight">
              {name} is not reachable — is the desktop on and on the same Wi-Fi?
            </h1>
            <p className="text-sm text-muted" role="status" aria-live="polite">
              {checking ? "Trying again now…" : `Trying again in ${seconds} s.`}
            </p>
            <Button variant="primary" className="min-h-11 text-base" disabled={checking} onClick={retryNow}>
              Retry
            </Button>
            {tried.length > 0 && (
              <details className="text-sm text-muted">
                <summary className="min-h-11 cursor-pointer content-center">Addresses tried</summary>
                <ul className="mt-1 flex flex-col gap-1">
                  {tried.map((a) => (
                    <li key={a.url}>
                      <code className="font-mono break-all text-fg">{a.url}</code>: {a.problem}
                    </li>
                  ))}
                </ul>
              </details>
            )}
            <div className="border-t border-line pt-4 text-sm text-muted">
              <p>Desktop replaced, or Milady reinstalled there?</p>
              <Button variant="ghost" className="mt-1 -ml-3 min-h-11" onClick={unpair}>
                Pair this phone again
              </Button>
            </div>
          </>
        )}
      </main>
    </div>
  );
}

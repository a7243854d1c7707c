import { dismissToast, useUiStore } from "../../stores";

export function Toasts() {
  const toasts = useUiStore((s) => s.toasts);
  return (
    <div
      aria-live="polite"
      className="pointer-events-none fixed right-4 bottom-20 z-50 flex w-[min(92vw,360px)] flex-col gap-2 md:bottom-4"
    >
      {toasts.map((t) => (
        <div
          key={t.id}
          role={t.kind === "error" ? "alert" : "status"}
          className={`rise pointer-events-auto rounded-lg border bg-surface px-3 py-2 text-sm shadow-lg ${t.kind === "error" ? "border-danger/50" : t.kind === "success" ? "border-ok/50" : "border-line"}`}
        >
          <div className="flex items-start justify-between gap-2">
            <p className={t.kind === "error" ? "text-danger" : "text-fg"}>{t.text}</p>
            <button
              type="button"
              aria-label="Dismiss"
              className="text-muted hover:text-fg"
              onClick={() => dismissToast(t.id)}
            >
              ×
            </button>
          </div>
          {t.fix && <p className="mt-0.5 text-muted">{t.fix}</p>}
        </div>
      ))}
    </div>
  );
}

import { type Dictation, useSpeechOutput } from "./use-speech";

/** Mic button for the composer; renders nothing where SpeechRecognition is missing (Firefox). */
export function DictateButton({ dictation: d }: { dictation: Dictation }) {
  if (!d.supported) return null;
  return (
    <button
      type="button"
      aria-label={d.listening ? "Stop dictation" : "Dictate"}
      aria-pressed={d.listening}
      aria-describedby={d.error ? DICTATION_ERROR_ID : undefined}
      title={d.error ?? "Dictate"}
      onClick={d.listening ? d.stop : d.start}
      className={`grid h-9 w-9 place-items-center rounded-lg transition ${d.listening ? "bg-danger/20 text-danger" : d.error ? "text-danger" : "text-muted hover:bg-surface-2 hover:text-fg"}`}
    >
      <svg
        viewBox="0 0 24 24"
        className="h-4.5 w-4.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        aria-hidden="true"
      >
        <path
          d="M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3zM5 11a7 7 0 0 0 14 0M12 18v3"
          strokeLinecap="round"
        />
      </svg>
    </button>
  );
}

const DICTATION_ERROR_ID = "dictation-error";

/**
 * Why dictation failed, as text above the composer: a tooltip alone never shows on a
 * phone, where the microphone is refused most often (plain HTTP on a LAN address).
 */
export function DictationNotice({ dictation: d }: { dictation: Dictation }) {
  if (!d.error) return null;
  return (
    <div
      role="alert"
      id={DICTATION_ERROR_ID}
      className="mx-auto mb-2 flex max-w-3xl items-start gap-2 rounded-lg border border-danger/40 bg-danger/10 px-3 py-2 text-sm"
    >
      <p className="min-w-0 flex-1 text-danger">{d.error}</p>
      <button
        type="button"
        aria-label="Dismiss dictation error"
        onClick={d.clearError}
        className="-my-1 -mr-1 grid h-8 w-8 shrink-0 place-items-center rounded-md text-muted hover:bg-surface-2 hover:text-fg"
      >
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}

/** "Read replies aloud" toggle plus voice picker; hidden where speechSynthesis is missing. */
export function SpeakToggle() {
  const s = useSpeechOutput();
  if (!s.supported) return null;
  return (
    <div className="flex items-center gap-2 text-sm">
      <label className="flex cursor-pointer items-center gap-2 text-muted">
        <input
          type="checkbox"
          className="accent-[var(--accent)]"
          checked={s.enabled}
          onChange={(e) => s.setEnabled(e.target.checked)}
        />
        Read replies aloud
      </label>
      {s.enabled && s.voices.length > 0 && (
        <select
          aria-label="Voice"
          value={s.voiceName}
          onChange={(e) => s.setVoiceName(e.target.value)}
          className="max-w-40 rounded-md border border-line bg-bg px-2 py-1 text-xs text-fg"
        >
          <option value="">Default voice</option>
          {s.voices.map((v) => (
            <option key={v.name} value={v.name}>
              {v.name}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}

import { useCallback, useEffect, useRef, useState } from "react";
import { create } from "zustand";
import { emitAvatar, onReplyDone } from "../../stores";
import { type RecognitionLike, recognitionCtor, synthesisSupported } from "./speech-support";

const SPEAK_KEY = "milady.speakReplies";
const VOICE_KEY = "milady.voice";

function load(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}
function save(key: string, v: string) {
  try {
    globalThis.localStorage?.setItem(key, v);
  } catch {
    // storage blocked: the choice lasts for this page only
  }
}

/** Shared by the toggle (chat header, Settings) and the app-level bridge that actually speaks. */
const useSpeechPrefs = create<{ enabled: boolean; voiceName: string }>(() => ({
  enabled: load(SPEAK_KEY) === "1",
  voiceName: load(VOICE_KEY) ?? "",
}));

/**
 * Mount once (AppShell): reads finished replies aloud when enabled.
 * speechSynthesis exposes no audio level, so word boundaries pulse the avatar's mouth.
 */
export function useSpeakReplies(): void {
  const { enabled, voiceName } = useSpeechPrefs();
  useEffect(() => {
    if (!synthesisSupported() || !enabled) return;
    return onReplyDone((text) => {
      const u = new SpeechSynthesisUtterance(text);
      const v = speechSynthesis.getVoices().find((x) => x.name === voiceName);
      if (v) u.voice = v;
      u.onboundary = () => {
        emitAvatar({ kind: "audio", level: 0.8 });
        setTimeout(() => emitAvatar({ kind: "audio", level: 0.15 }), 120);
      };
      u.onend = () => emitAvatar({ kind: "audio", level: 0 });
      speechSynthesis.speak(u);
    });
  }, [enabled, voiceName]);
}

/** Settings for read-aloud: the toggle, the voice list (it loads asynchronously in Chromium) and the chosen voice. */
export function useSpeechOutput() {
  const supported = synthesisSupported();
  const { enabled, voiceName } = useSpeechPrefs();
  const [voices, setVoices] = useState<SpeechSynthesisVoice[]>([]);

  useEffect(() => {
    if (!supported) return;
    const update = () => setVoices(speechSynthesis.getVoices());
    update();
    speechSynthesis.addEventListener?.("voiceschanged", update);
    return () => speechSynthesis.removeEventListener?.("voiceschanged", update);
  }, [supported]);

  const setEnabled = useCallback((on: boolean) => {
    save(SPEAK_KEY, on ? "1" : "0");
    useSpeechPrefs.setState({ enabled: on });
    if (!on && synthesisSupported()) speechSynthesis.cancel();
  }, []);
  const setVoiceName = useCallback((n: string) => {
    save(VOICE_KEY, n);
    useSpeechPrefs.setState({ voiceName: n });
  }, []);
  return { supported, enabled, setEnabled, voices, voiceName, setVoiceName };
}

export interface Dictation {
  supported: boolean;
  listening: boolean;
  /** Why the last attempt failed, in words the user can act on; null when it did not. */
  error: string | null;
  start(): void;
  stop(): void;
  clearError(): void;
}

/** Dictation into the composer. On plain-HTTP LAN origins the browser blocks the microphone: we say so. */
export function useDictation(onText: (text: string) => void): Dictation {
  const Ctor = recognitionCtor();
  const [listening, setListening] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rec = useRef<RecognitionLike | null>(null);

  const stop = useCallback(() => rec.current?.stop(), []);
  const start = useCallback(() => {
    if (!Ctor) return;
    setError(null);
    const r = new Ctor();
    r.lang = navigator.language || "en-US";
    r.interimResults = false;
    r.continuous = false;
    r.onresult = (e) => {
      const parts: string[] = [];
      for (let i = 0; i < e.results.length; i++) parts.push(e.results[i][0].transcript);
      onText(parts.join(" ").trim());
    };
    r.onerror = (e) =>
      setError(
        e.error === "not-allowed"
          ? "Microphone blocked. Allow it in the browser; over plain HTTP on a LAN address browsers refuse it — use localhost or HTTPS."
          : `Dictation failed (${e.error}).`,
      );
    r.onend = () => setListening(false);
    rec.current = r;
    r.start();
    setListening(true);
  }, [Ctor, onText]);
  const clearError = useCallback(() => setError(null), []);
  return { supported: Ctor !== null, listening, error, start, stop, clearError };
}

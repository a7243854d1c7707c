import { type ComponentType, lazy, Suspense, useEffect, useRef, useState } from "react";
import { getApi, onAvatar, useAvatarStore, useStatusStore } from "../stores";
import { ErrorBoundary } from "./error-boundary";
import type { AvatarController, AvatarViewProps } from "./types";

// Lazy so chat is usable before three.js (~150 KB gzip) arrives.
const AvatarView = lazy(() => import("../avatar/avatar-view")) as unknown as ComponentType<AvatarViewProps>;

function Placeholder({ note }: { note?: string }) {
  const name = useStatusStore((s) => s.status?.agentName ?? "Milady");
  return (
    <div className="grid h-full w-full place-items-center bg-gradient-to-b from-surface-2 to-bg">
      <div className="flex flex-col items-center gap-2 text-center">
        <div className="grid h-20 w-20 place-items-center rounded-full bg-accent/20 text-3xl font-semibold text-accent">
          {name.slice(0, 1)}
        </div>
        {note && <p className="max-w-[16rem] px-4 text-xs text-muted">{note}</p>}
      </div>
    </div>
  );
}

/** Stable (a new function each render would reload the avatar): the API client's fetch, with the token. */
const fetchAvatarFile = (url: string) => getApi().fetchFile(url);

function usePageHidden(): boolean {
  const [hidden, setHidden] = useState(() => typeof document !== "undefined" && document.hidden);
  useEffect(() => {
    const on = () => setHidden(document.hidden);
    document.addEventListener("visibilitychange", on);
    return () => document.removeEventListener("visibilitychange", on);
  }, []);
  return hidden;
}

/**
 * The avatar beside the chat (desktop) or in a strip above the messages (phone).
 * Token deltas -> speak, emote events -> playEmote, speech level -> setAudioLevel;
 * rendering pauses while the tab is hidden (saves ~100 % of a core on idle laptops).
 */
export function AvatarPanel() {
  const info = useAvatarStore((s) => s.info);
  const [error, setError] = useState<string | null>(null);
  const controller = useRef<AvatarController | null>(null);
  const hidden = usePageHidden();

  useEffect(() => {
    if (info) return;
    getApi()
      .avatar.get()
      .then((a) => useAvatarStore.setState({ info: a }))
      .catch(() => {
        // server not up yet: the status poller will bring it back; retry on next mount
      });
  }, [info]);

  useEffect(
    () =>
      onAvatar((s) => {
        const c = controller.current;
        if (!c) return;
        if (s.kind === "delta") c.speak(s.text);
        else if (s.kind === "emote") c.playEmote(s.emote);
        else c.setAudioLevel(s.level);
      }),
    [],
  );

  if (!info || error) return <Placeholder note={error ? `Avatar unavailable: ${error}` : undefined} />;
  return (
    <ErrorBoundary fallback={(m) => <Placeholder note={`Avatar unavailable: ${m}`} />}>
      <Suspense fallback={<Placeholder note="Loading avatar…" />}>
        <AvatarView
          vrmUrl={info.url}
          fetchFile={fetchAvatarFile}
          paused={hidden}
          onReady={(c) => {
            controller.current = c;
          }}
          onError={setError}
        />
      </Suspense>
    </ErrorBoundary>
  );
}

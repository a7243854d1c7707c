import { useEffect, useRef, useState } from "react";
import { cameraProblem, makeFrameDecoder } from "./qr-decode";

/** How often a frame is looked at: fast enough to feel instant, slow enough to spare the battery. */
const SCAN_EVERY_MS = 250;

/**
 * The back camera in a square, reading QR codes until `onText` returns true (accepted); a text
 * it refuses keeps the camera on so the user can aim at the right code.
 */
export function QrScanner({
  onText,
  onCameraProblem,
}: {
  onText: (text: string) => boolean;
  /** The camera cannot be used (none, refused, busy): the page offers typing instead. */
  onCameraProblem?: (message: string) => void;
}) {
  const video = useRef<HTMLVideoElement>(null);
  const accept = useRef(onText);
  accept.current = onText;
  // Kept in a ref like onText: a new callback each render must not restart the camera.
  const cameraFailed = useRef(onCameraProblem);
  cameraFailed.current = onCameraProblem;
  const [problem, setProblem] = useState<string | null>(null);
  const [live, setLive] = useState(false);

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const media = globalThis.navigator?.mediaDevices;
    if (!media?.getUserMedia) {
      // Browsers give no camera to a page that is not a secure context (plain http on the LAN).
      const why =
        globalThis.isSecureContext === false
          ? "This page has no camera access because it was not opened over HTTPS. Open the https:// address the desktop shows, or type the address and code."
          : "This browser gives no camera access here. Type the address and code instead.";
      setProblem(why);
      cameraFailed.current?.(why);
      return;
    }
    (async () => {
      try {
        stream = await media.getUserMedia({ video: { facingMode: "environment" }, audio: false });
      } catch (e) {
        if (!stopped) {
          setProblem(cameraProblem(e));
          cameraFailed.current?.(cameraProblem(e));
        }
        return;
      }
      const el = video.current;
      if (stopped || !el) {
        for (const t of stream.getTracks()) t.stop();
        return;
      }
      el.srcObject = stream;
      await el.play?.()?.catch(() => {});
      setLive(true);
      const decode = await makeFrameDecoder();
      const tick = async () => {
        if (stopped) return;
        const text = await decode(el).catch(() => null);
        if (stopped) return;
        if (text && accept.current(text)) return;
        timer = setTimeout(() => void tick(), SCAN_EVERY_MS);
      };
      void tick();
    })();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const t of stream?.getTracks() ?? []) t.stop();
    };
  }, []);

  return (
    <div className="flex flex-col gap-2">
      <div className="relative mx-auto aspect-square w-full max-w-80 overflow-hidden rounded-xl border border-line bg-black">
        <video
          ref={video}
          playsInline
          muted
          aria-label="Camera view"
          className={`h-full w-full object-cover ${live ? "" : "opacity-0"}`}
        />
        {!live && !problem && (
          <p className="absolute inset-0 grid place-items-center p-4 text-center text-sm text-white/80">
            Starting the camera…
          </p>
        )}
        {live && (
          <div
            aria-hidden="true"
            className="pointer-events-none absolute inset-[15%] rounded-lg border-2 border-white/70"
          />
        )}
      </div>
      {problem ? (
        <p role="alert" className="text-sm text-warn">
          {problem}
        </p>
      ) : (
        <p className="text-center text-sm text-muted">Point the camera at the QR code on the desktop.</p>
      )}
    </div>
  );
}

/**
 * React face of the avatar: a canvas filling its container. The dashboard
 * lazy-loads this file (`React.lazy(() => import("../avatar/avatar-view"))`)
 * so three and three-vrm stay out of the first paint.
 */
import { useEffect, useRef, useState } from "react";
import { createAvatarStage } from "./avatar-stage";
import type { AvatarController, AvatarViewProps } from "./types";

export default function AvatarView({ vrmUrl, fetchFile, onReady, onError, paused, className }: AvatarViewProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [controller, setController] = useState<AvatarController | null>(null);
  // Latest callbacks without re-running effects when a parent re-renders.
  const callbacks = useRef({ onReady, onError });
  callbacks.current = { onReady, onError };

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    let stage: AvatarController;
    try {
      stage = createAvatarStage(canvas);
    } catch (error) {
      canvas.dataset.avatarState = "error";
      callbacks.current.onError?.(
        `The avatar cannot be shown: WebGL2 is unavailable (${(error as Error).message}). Enable hardware acceleration or update the browser.`,
      );
      return;
    }
    setController(stage);
    callbacks.current.onReady?.(stage);
    return () => {
      stage.dispose();
      setController(null);
    };
  }, []);

  useEffect(() => {
    if (!controller) return;
    controller.load(vrmUrl, fetchFile).catch((error: Error) => callbacks.current.onError?.(error.message));
  }, [controller, vrmUrl, fetchFile]);

  useEffect(() => {
    controller?.setPaused(Boolean(paused));
  }, [controller, paused]);

  return (
    <div className={className} style={{ position: "relative", width: "100%", height: "100%", minHeight: 0 }}>
      <canvas
        ref={canvasRef}
        style={{ display: "block", width: "100%", height: "100%", touchAction: "none" }}
        data-avatar-state="idle"
      />
    </div>
  );
}

/**
 * Types-only public face of the avatar module: the dashboard can
 * `import type { AvatarController } from "../avatar/types"` without pulling three.
 */
import type { Emote } from "../../src-shared/protocol/events";

export type AvatarState = "idle" | "loading" | "ready" | "error";

export interface AvatarStageOptions {
  /** Clear colour (0xRRGGBB) or null for a transparent canvas (default: transparent). */
  background?: number | null;
  /** Cap on devicePixelRatio; 2 keeps phones from rendering 9x the pixels. */
  maxPixelRatio?: number;
  /** MSAA; default true. Software GL (SwiftShader) runs several times faster without it. */
  antialias?: boolean;
  /** Random source for blinking (tests pass a seeded one). */
  random?: () => number;
  /** false: no breathing, sway or blinking (still frames for pixel tests). Default: true unless the OS asks for reduced motion. */
  idleMotion?: boolean;
  /** Publish the controller as window.__miladyAvatar (default true). */
  exposeGlobal?: boolean;
}

export interface AvatarController {
  /** Loads a VRM (URL or bytes). Rejects with a readable Error on a broken file; the previous model stays. A load overtaken by a newer one resolves without committing. */
  /** A URL is fetched with `fetchFile` when given (the API client's: its server and token), else plain fetch. */
  load(source: string | ArrayBuffer, fetchFile?: (url: string) => Promise<Response>): Promise<void>;
  /** Queues visemes for streamed reply text (~12 visemes/s). */
  speak(textDelta: string): void;
  /** Drops queued visemes (e.g. the reply was cancelled). */
  stopSpeaking(): void;
  /** Speech audio loudness 0..1; drives the mouth ("aa") directly. */
  setAudioLevel(level: number): void;
  playEmote(emote: Emote): void;
  /** A standing expression (e.g. "happy", 0.4); weight 0 clears it. */
  setExpression(name: string, weight: number): void;
  setPaused(paused: boolean): void;
  resize(): void;
  dispose(): void;
  /** Frames rendered over the last second. */
  readonly fps: number;
  readonly state: AvatarState;
  readonly paused: boolean;
  /** Renderer memory counters, for leak checks in tests. */
  debugInfo(): { geometries: number; textures: number; loadsCommitted: number };
}

export interface AvatarViewProps {
  vrmUrl: string;
  /** Fetches vrmUrl; the panel passes the API client's, which sends the token. */
  fetchFile?: (url: string) => Promise<Response>;
  onReady?: (controller: AvatarController) => void;
  onError?: (message: string) => void;
  paused?: boolean;
  className?: string;
}

declare global {
  interface Window {
    __miladyAvatar?: AvatarController;
  }
}

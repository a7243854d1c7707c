import type { Emote } from "../../src-shared/protocol/events";

/** What the avatar module (src-renderer/avatar/avatar-view) hands back in onReady. Mirrors its contract. */
export interface AvatarController {
  speak(textDelta: string): void;
  setAudioLevel(level: number): void;
  playEmote(emote: Emote): void;
  setExpression(name: string, weight: number): void;
}

export interface AvatarViewProps {
  vrmUrl: string;
  /** Fetches vrmUrl with the API client's server and token. */
  fetchFile?: (url: string) => Promise<Response>;
  onReady?: (controller: AvatarController) => void;
  onError?: (message: string) => void;
  paused?: boolean;
}

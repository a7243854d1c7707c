import type { Emote } from "../../src-shared/protocol/events";

/**
 * Fan-out from chat/speech to the avatar, without the chat depending on the
 * avatar module (which loads later, or never on a failing GPU).
 */
export type AvatarSignal =
  | { kind: "delta"; text: string }
  | { kind: "emote"; emote: Emote }
  | { kind: "audio"; level: number };

const listeners = new Set<(s: AvatarSignal) => void>();

export function emitAvatar(s: AvatarSignal): void {
  for (const l of listeners) l(s);
}

export function onAvatar(l: (s: AvatarSignal) => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

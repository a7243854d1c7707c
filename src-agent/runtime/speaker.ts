import type { Memory } from "@elizaos/core";
import { turnContext } from "./turn-context";

/** Where a message came from, as the agent should think of it. */
export type SpeakerSource = "dashboard" | "phone" | "trigger" | "autonomy" | (string & {});

/**
 * How far the agent trusts who is speaking:
 * - owner: the person at the desktop (loopback, or the owner token), and the owner's own triggers;
 * - device: a phone the owner paired (chat, but no admin actions);
 * - self: the autonomy loop;
 * - connector: a user on Telegram, Discord...: never the owner, whatever they claim.
 */
export type Trust = "owner" | "device" | "self" | "connector";

export interface Speaker {
  source: SpeakerSource;
  trust: Trust;
  deviceId?: string;
}

/** Milady's own memories carry source "milady"; connectors set their own (telegram, discord...). */
const MILADY_SOURCE = "milady";

/** Decided from the turn main started (its sender) or, for connector messages, the memory's source. */
export function speakerOf(message: Memory): Speaker {
  const turn = turnContext.getStore();
  if (turn?.autonomy) return { source: "autonomy", trust: "self" };
  if (turn && turn.conversationId === message.roomId) {
    const sender = turn.sender ?? { kind: "owner" as const };
    if (sender.kind === "device") return { source: "phone", trust: "device", deviceId: sender.deviceId };
    if (sender.kind === "trigger") return { source: "trigger", trust: "owner" };
    return { source: "dashboard", trust: "owner" };
  }
  const source = message.content?.source;
  if (!source || source === MILADY_SOURCE) return { source: "dashboard", trust: "owner" };
  return { source, trust: "connector" };
}

/** Admin actions (RESTART, TRIGGER_TASK, shell custom actions): the owner only. */
export function isAdmin(message: Memory): boolean {
  return speakerOf(message).trust === "owner";
}

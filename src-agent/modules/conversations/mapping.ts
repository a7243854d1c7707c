import type { Memory, Room } from "@elizaos/core";
import type { ChatMessage, Conversation } from "../../../src-shared/protocol";

/** Every memory Milady writes carries this source, which tells chat turns from action logs. */
export const MILADY_SOURCE = "milady";
export const TITLE_MAX_CHARS = 60;
export const UNTITLED = "New conversation";

export function titleFromText(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > TITLE_MAX_CHARS ? `${line.slice(0, TITLE_MAX_CHARS - 1).trimEnd()}…` : line;
}

export function isChatMemory(m: Memory): boolean {
  return m.content?.source === MILADY_SOURCE && typeof m.content.text === "string" && m.content.text.length > 0;
}

export function toChatMessage(m: Memory, agentId: string): ChatMessage {
  const content = m.content as Memory["content"] & { clientMessageId?: string };
  const msg: ChatMessage = {
    id: m.id ?? "",
    conversationId: m.roomId,
    role: m.entityId === agentId ? "agent" : "user",
    text: content.text ?? "",
    createdAt: m.createdAt ?? 0,
  };
  if (msg.role === "agent" && Array.isArray(content.actions) && content.actions.length > 0) {
    msg.actions = content.actions.filter((a): a is string => typeof a === "string");
  }
  if (content.clientMessageId) msg.clientMessageId = content.clientMessageId;
  return msg;
}

export interface RoomMeta {
  milady?: boolean;
  createdAt?: number;
  /** The outside client's key this conversation belongs to (the OpenAI API's `user`). */
  externalKey?: string;
}

export function toConversation(room: Room, last?: ChatMessage): Conversation {
  const meta = (room.metadata ?? {}) as RoomMeta;
  const column = (room as unknown as { createdAt?: Date | number }).createdAt;
  const createdAt = meta.createdAt ?? (column ? Number(new Date(column)) : 0);
  const conv: Conversation = {
    id: room.id,
    title: room.name?.trim() || UNTITLED,
    createdAt,
    updatedAt: Math.max(createdAt, last?.createdAt ?? 0),
  };
  if (last) conv.lastMessage = last.text;
  return conv;
}

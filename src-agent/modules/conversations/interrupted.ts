import type { ChatMessage } from "../../../src-shared/protocol";

/**
 * A user message whose turn never stored a reply (a shutdown or a crash came first) is
 * marked `interrupted`, so the dashboard offers to send it again; a turn still running is
 * not. Turns of one conversation run one at a time, so a reply directly follows its message.
 * On an older page (`newest` false) the last message's reply may open the next page: unknown.
 */
export function markInterrupted(
  messages: ChatMessage[],
  turns: { isAnswering(id: string): boolean },
  newest: boolean,
): ChatMessage[] {
  return messages.map((message, i) => {
    if (message.role !== "user") return message;
    const next = messages[i + 1];
    if (next?.role === "agent" || turns.isAnswering(message.id) || (!next && !newest)) return message;
    return { ...message, interrupted: true };
  });
}

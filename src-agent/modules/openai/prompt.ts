import type { CompletionMessage } from "../../../src-shared/contracts";

/** Where the model's turn begins in the transcript; a plain completion stops before it writes the user's next line. */
export const USER_TURN_STOP = "\nUser:";
/** OpenAI (and so most providers) take at most 4 stop sequences. */
const MAX_STOPS = 4;

/**
 * A plain completion's prompt (no agent: no character, no memory): the system messages as
 * instructions, then the conversation as a "User:" / "Assistant:" transcript ending where
 * the assistant's answer goes. elizaOS's useModel takes one prompt string, so chat messages
 * are flattened here; chat-tuned local models still get their own template around it.
 */
export function completionPrompt(messages: readonly CompletionMessage[]): string {
  const system = messages
    .filter((m) => m.role === "system")
    .map((m) => m.content.trim())
    .filter(Boolean);
  const turns = messages
    .filter((m) => m.role !== "system")
    .map((m) => `${m.role === "user" ? "User" : "Assistant"}: ${m.content.trim()}`);
  return [...(system.length ? [system.join("\n\n"), ""] : []), ...turns, "Assistant:"].join("\n");
}

/** The caller's stop sequences, plus the start of the user's next line when there is room for it. */
export function completionStops(stops: readonly string[] | undefined): string[] {
  const given = (stops ?? []).filter((s) => s.length > 0);
  return given.length < MAX_STOPS && !given.includes(USER_TURN_STOP) ? [...given, USER_TURN_STOP] : given;
}

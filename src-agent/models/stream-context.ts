import { AsyncLocalStorage } from "node:async_hooks";
import { createResponseTextStreamer } from "./response-text-streamer";

/**
 * The runtime runs one chat turn inside `replyStream.run({ onTextDelta }, ...)`; model
 * handlers that write the agent's reply push the visible text through
 * `replyStream.getStore()?.onTextDelta` (via createResponseTextStreamer). It travels by
 * AsyncLocalStorage because useModel has no per-turn hook we control in elizaOS 1.7.2.
 */
export type ReplyStreamStore = { onTextDelta: (delta: string) => void };

export const replyStream = new AsyncLocalStorage<ReplyStreamStore>();

/**
 * For a handler producing the agent's reply: a token sink that forwards only the <text>
 * part to the current turn's stream, or undefined when no turn is listening.
 */
export function replyTextSink(): { onToken: (delta: string) => void; end: () => void } | undefined {
  const store = replyStream.getStore();
  if (!store) return undefined;
  const streamer = createResponseTextStreamer((delta) => {
    try {
      store.onTextDelta(delta);
    } catch {
      // A broken listener (closed socket) must not fail the generation.
    }
  });
  return { onToken: (delta) => streamer.feed(delta), end: () => streamer.end() };
}

import { AsyncLocalStorage } from "node:async_hooks";
import type { MessageSender } from "../../src-shared/protocol";

/**
 * What the chat handler knows about the turn being processed. elizaOS runs the whole
 * pipeline (providers, model calls, actions, callbacks) inside one async chain, so an
 * AsyncLocalStorage carries it to plugins without threading it through elizaOS APIs.
 * 20 concurrent chats each see their own store.
 */
export interface TurnContext {
  /** The host request id of the `chat` that started this turn. */
  requestId: string;
  conversationId: string;
  userText: string;
  /** Who sent the message, as main's gate decided (absent: the owner, for older callers). */
  sender?: MessageSender;
  /** Set for the autonomy loop's own wakes. */
  autonomy?: boolean;
  /** Sink for streamed reply text (posted as `token` messages). */
  onTextDelta(delta: string): void;
}

export const turnContext = new AsyncLocalStorage<TurnContext>();

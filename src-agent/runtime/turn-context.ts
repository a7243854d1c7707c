import { AsyncLocalStorage } from "node:async_hooks";

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
  /** Sink for streamed reply text (posted as `token` messages). */
  onTextDelta(delta: string): void;
}

export const turnContext = new AsyncLocalStorage<TurnContext>();

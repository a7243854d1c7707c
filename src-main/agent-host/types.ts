import type {
  AgentEventPayload,
  ChatMessage,
  Conversation,
  HostRequest,
  HostRequestType,
  HostResult,
  LogLine,
  ModelProgressPayload,
  StatusSnapshot,
} from "../../src-shared/protocol";

/** Events the AgentManager emits; the server turns each into a /ws envelope. */
export interface AgentManagerEvents {
  status: StatusSnapshot;
  agent_event: { roomId?: string; payload: AgentEventPayload };
  conversation_update: { conversation: Conversation; message?: ChatMessage };
  log: LogLine;
  model_progress: ModelProgressPayload;
}

// A mapped type (not a conditional one) so TypeScript can relate implementations to the interface.
type HostRequestBodies = { [K in HostRequestType]: Omit<Extract<HostRequest, { type: K }>, "id"> };
export type HostRequestBody<T extends HostRequestType> = HostRequestBodies[T];

export interface RequestOptions {
  /** Called with each streamed piece of a chat reply. */
  onToken?: (delta: string) => void;
  /** Fails with code `timeout` after this long (default: config agent.replyTimeoutSeconds). */
  timeoutMs?: number;
  /** When the agent is starting/restarting, wait for it instead of failing (default true). */
  waitForReady?: boolean;
}

/**
 * What the server needs from the agent host. The AgentManager implements it;
 * route tests may pass a fake.
 */
export interface AgentController {
  status(): StatusSnapshot;
  start(): Promise<void>;
  stop(): Promise<void>;
  restart(): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Sends a request to the agent; rejects with a MiladyError (code agent_not_running, agent_crashed, timeout...). */
  request<T extends HostRequestType>(
    body: HostRequestBody<T> & { type: T },
    options?: RequestOptions,
  ): Promise<HostResult<T>>;
  on<K extends keyof AgentManagerEvents>(event: K, listener: (value: AgentManagerEvents[K]) => void): () => void;
}

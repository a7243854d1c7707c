import type { Capability, EventPayload, MethodParams, MethodResult } from "../../src-shared/contracts";
import type { StatusSnapshot } from "../../src-shared/protocol";

export interface RequestOptions {
  /** Called with each streamed piece of a reply (the method's `token` events). */
  onToken?: (delta: string) => void;
  /** Fails with code `timeout` after this long (default: config agent.replyTimeoutSeconds). */
  timeoutMs?: number;
  /** When the agent is starting/restarting, wait for it instead of failing (default true). */
  waitForReady?: boolean;
}

/** The methods of a capability's channel, keyed by name. */
export type ChannelMethod<C extends Capability> = keyof C["channel"] & string;

/**
 * What the rest of main needs from the agent host. The AgentManager implements it;
 * tests use FakeAgentController (agent-host/testing).
 */
export interface AgentController {
  status(): StatusSnapshot;
  start(): Promise<void>;
  stop(): Promise<void>;
  restart(): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Calls a method of a capability's agent channel; rejects with a MiladyError (agent_not_running, agent_crashed, timeout...). */
  call<C extends Capability, M extends ChannelMethod<C>>(
    contract: C,
    method: M,
    params: MethodParams<C["channel"][M]>,
    options?: RequestOptions,
  ): Promise<MethodResult<C["channel"][M]>>;
  /** Status on every state change. */
  onStatus(listener: (status: StatusSnapshot) => void): () => void;
  /** One of a capability's events, as the agent sent it (validated against the contract). */
  onEvent<C extends Capability, E extends keyof C["events"] & string>(
    contract: C,
    name: E,
    listener: (payload: EventPayload<C, E>) => void,
  ): () => void;
}

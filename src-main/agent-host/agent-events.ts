import type { Capability, EventPayload } from "../../src-shared/contracts";
import type { StatusSnapshot } from "../../src-shared/protocol";

type Listener = (value: never) => void;

/**
 * Status changes and capability events, for the AgentManager and its test double alike.
 * Events are keyed "channel.name"; a broken listener never breaks the agent host.
 */
export class AgentEvents {
  private readonly listeners = new Map<string, Set<Listener>>();

  onStatus(listener: (status: StatusSnapshot) => void): () => void {
    return this.add("status", listener);
  }

  onEvent<C extends Capability, E extends keyof C["events"] & string>(
    contract: C,
    name: E,
    listener: (payload: EventPayload<C, E>) => void,
  ): () => void {
    return this.add(`${contract.name}.${name}`, listener);
  }

  emitStatus(status: StatusSnapshot): void {
    this.fire("status", status);
  }

  /** Payloads must already be checked against the channel's contract. */
  emitEvent(channel: string, name: string, payload: unknown): void {
    this.fire(`${channel}.${name}`, payload);
  }

  listenerCount(key: string): number {
    return this.listeners.get(key)?.size ?? 0;
  }

  private add(key: string, listener: (value: never) => void): () => void {
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  private fire(key: string, value: unknown): void {
    for (const listener of this.listeners.get(key) ?? []) {
      try {
        (listener as (v: unknown) => void)(value);
      } catch {
        // one broken subscriber must not stop the others
      }
    }
  }
}

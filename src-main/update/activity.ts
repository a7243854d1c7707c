import { agentContract } from "../../src-shared/contracts";
import type { UpdateBlocker } from "../../src-shared/protocol";
import type { AgentController } from "../agent-host/types";

/** What an update must never cut short: a reply being written, a model being downloaded. */
export interface Activity {
  busyWith(): UpdateBlocker | undefined;
  /** Called when busyWith() may have changed; returns an unsubscribe. */
  onChange(listener: () => void): () => void;
}

interface DownloadsView {
  active(): string[];
  onChange(listener: () => void): () => void;
}

/**
 * Replies are followed through the agent's own reply_started / reply_finished events, so a
 * reply counts whether it streams over SSE or waits as one JSON answer. A crashed or stopped
 * agent finishes nothing, so its replies are forgotten when it leaves running/paused.
 */
export function watchActivity(agent: AgentController, downloads?: DownloadsView): Activity & { stop(): void } {
  const replies = new Set<string>();
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of listeners) listener();
  };
  const off = [
    agent.onEvent(agentContract, "agent_event", ({ payload }) => {
      if (payload.kind === "reply_started") replies.add(payload.requestId);
      else if (payload.kind === "reply_finished") replies.delete(payload.requestId);
      else return;
      changed();
    }),
    agent.onStatus((status) => {
      if (status.state === "running" || status.state === "paused" || replies.size === 0) return;
      replies.clear();
      changed();
    }),
    downloads?.onChange(changed) ?? (() => undefined),
  ];
  return {
    busyWith: () =>
      replies.size > 0 ? "reply" : downloads && downloads.active().length > 0 ? "model_download" : undefined,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      for (const unsubscribe of off) unsubscribe();
      listeners.clear();
    },
  };
}

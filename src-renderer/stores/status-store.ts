import { create } from "zustand";
import type { StatusSnapshot } from "../../src-shared/protocol/agent-state";
import type { StatusResponse } from "../../src-shared/protocol/api";
import type { SocketState } from "../api/event-socket";
import { dismissRestartPrompt, useUiStore } from "./ui-store";

export interface StatusState {
  status: StatusSnapshot | null;
  runId: string | null;
  /** seq of the snapshot we hold; older status events are ignored. */
  seq: number;
  socket: SocketState;
  /** Set while GET /api/status fails (server down or starting). */
  unreachable: string | null;
}

export const useStatusStore = create<StatusState>(() => ({
  status: null,
  runId: null,
  seq: -1,
  socket: "connecting",
  unreachable: null,
}));

export function applySnapshot(res: StatusResponse): void {
  const { runId, seq, ...status } = res;
  useStatusStore.setState({ status, runId, seq, unreachable: null });
}

// Once nothing is pending, a "Later" on the restart prompt is forgotten: the next change asks again.
useStatusStore.subscribe((s) => {
  if (!s.status?.restartPending && useUiStore.getState().restartPromptDismissed) dismissRestartPrompt(false);
});

/** A status event only wins if it is newer than what we hold (a replayed old event must not roll state back). */
export function applyStatusEvent(status: StatusSnapshot, seq: number, runId?: string): void {
  useStatusStore.setState((s) => {
    if (runId && s.runId && runId !== s.runId) return { status, seq, runId, unreachable: null };
    if (seq < s.seq) return {};
    return { status, seq, runId: runId ?? s.runId, unreachable: null };
  });
}

/** True when a message can be sent now; anything else is queued until the agent runs. */
export function agentReady(s: StatusSnapshot | null): boolean {
  return s?.state === "running";
}

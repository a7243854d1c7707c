import { create } from "zustand";
import type { AutonomyStatus, AutonomyWake } from "../../src-shared/protocol";
import { getApi } from "./api-holder";

type Failure = { message: string; fix?: string };

/** The Autonomy card of Settings: GET /api/autonomy, then heartbeat_event on /ws. */
export const useAutonomyStore = create<{
  status: AutonomyStatus | null;
  pending: "save" | "wake" | null;
  failure: Failure | null;
}>(() => ({ status: null, pending: null, failure: null }));

export function applyAutonomyStatus(status: AutonomyStatus): void {
  useAutonomyStore.setState({ status });
}

const failureOf = (e: unknown): Failure => {
  const { message, fix } = e as Failure;
  return { message, fix };
};

export async function loadAutonomy(): Promise<void> {
  try {
    useAutonomyStore.setState({ status: await getApi().autonomy.status(), failure: null });
  } catch (e) {
    useAutonomyStore.setState({ failure: failureOf(e) });
  }
}

/** Saved in milady.json and applied to the running agent at once. */
export async function saveAutonomy(change: {
  enabled?: boolean;
  intervalMinutes?: number;
  maxModelCallsPerHour?: number;
}): Promise<void> {
  useAutonomyStore.setState({ pending: "save", failure: null });
  try {
    useAutonomyStore.setState({ status: await getApi().autonomy.update({ body: change }), pending: null });
  } catch (e) {
    useAutonomyStore.setState({ pending: null, failure: failureOf(e) });
  }
}

export async function wakeAutonomyNow(): Promise<AutonomyWake | undefined> {
  useAutonomyStore.setState({ pending: "wake", failure: null });
  try {
    const wake = await getApi().autonomy.wake();
    useAutonomyStore.setState({ pending: null });
    // The heartbeat_event brings the status; read it too in case /ws is down.
    await loadAutonomy();
    return wake;
  } catch (e) {
    useAutonomyStore.setState({ pending: null, failure: failureOf(e) });
    return undefined;
  }
}

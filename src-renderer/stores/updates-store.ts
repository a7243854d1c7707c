import { create } from "zustand";
import type { UpdateChannel, UpdateMode, UpdateStatus } from "../../src-shared/protocol/updates";
import { getApi } from "./api-holder";
import { patchConfig } from "./config-actions";

export type UpdateAction = "check" | "download" | "apply" | "settings";

/** The Updates card of the Settings tab: the server's update status (GET /api/updates, then update_status on /ws). */
export const useUpdatesStore = create<{
  status: UpdateStatus | null;
  /** The request in flight, so its button can say so. */
  pending: UpdateAction | null;
  /** A request that failed (the status's own error is a failed check or download). */
  failure: { message: string; fix?: string } | null;
}>(() => ({ status: null, pending: null, failure: null }));

export function applyUpdateStatus(status: UpdateStatus): void {
  useUpdatesStore.setState({ status });
}

async function act(action: UpdateAction, work: () => Promise<UpdateStatus | undefined>): Promise<void> {
  useUpdatesStore.setState({ pending: action, failure: null });
  try {
    const status = await work();
    useUpdatesStore.setState(status ? { status, pending: null } : { pending: null });
  } catch (e) {
    const { message, fix } = e as { message: string; fix?: string };
    useUpdatesStore.setState({ pending: null, failure: { message, fix } });
  }
}

export async function loadUpdates(): Promise<void> {
  try {
    useUpdatesStore.setState({ status: await getApi().updates.status(), failure: null });
  } catch (e) {
    const { message, fix } = e as { message: string; fix?: string };
    useUpdatesStore.setState({ failure: { message, fix } });
  }
}

export const checkForUpdates = () => act("check", () => getApi().updates.check());
export const downloadUpdate = () => act("download", () => getApi().updates.download());
export const restartToUpdate = () => act("apply", async () => (await getApi().updates.apply()).status);

/** Channel and mode live in milady.json; the server re-announces its status after the change. */
export const saveUpdateSettings = (change: { channel?: UpdateChannel; mode?: UpdateMode }) =>
  act("settings", async () => {
    await patchConfig({ config: { updates: change } });
    return getApi().updates.status();
  });

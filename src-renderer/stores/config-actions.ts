import type { ConfigPatch, ConfigView } from "../../src-shared/protocol/api";
import { getApi } from "./api-holder";
import { useConfigStore } from "./data-stores";
import { refreshStatus } from "./session";

export async function loadConfig(): Promise<ConfigView> {
  try {
    const view = await getApi().config.get();
    useConfigStore.setState({ view, error: null });
    return view;
  } catch (e) {
    useConfigStore.setState({ error: e instanceof Error ? e.message : String(e) });
    throw e;
  }
}

/** PATCHes config; a change the agent needs a restart for shows up as the status's `restartPending`. */
export async function patchConfig(patch: ConfigPatch): Promise<ConfigView> {
  const view = await getApi().config.patch({ body: patch });
  useConfigStore.setState({ view, error: null });
  if (view.restartRequired) void refreshStatus();
  return view;
}

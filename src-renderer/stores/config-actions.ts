import type { ConfigPatch, ConfigView } from "../../src-shared/protocol/api";
import { getApi } from "./api-holder";
import { useConfigStore } from "./data-stores";
import { setRestartPending } from "./ui-store";

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

/** PATCHes config; when the server says the running agent needs a restart, the shell shows the prompt. */
export async function patchConfig(patch: ConfigPatch): Promise<ConfigView> {
  const view = await getApi().config.patch({ body: patch });
  useConfigStore.setState({ view, error: null });
  if (view.restartRequired) setRestartPending(true);
  return view;
}

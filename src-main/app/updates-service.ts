import type { UpdateStatus } from "../../src-shared/protocol";
import type { AgentController } from "../agent-host/types";
import type { FileConfigStore } from "../config";
import type { ModelDownloads } from "../models";
import type { EventBus } from "../server";
import {
  type Activity,
  awaitingDesktop,
  HeadlessUpdates,
  type UpdateSettings,
  UpdatesService,
  watchActivity,
} from "../update";
import { PACKAGE_NAME, VERSION } from "../version";
import type { Logging } from "./core-services";
import { defineService, type Service } from "./service-host";

/** milady.json's `updates`, with a change reported only when channel or mode really changed. */
export function updateSettingsOf(store: FileConfigStore): UpdateSettings {
  const read = () => store.current().updates;
  return {
    current: read,
    onChange(listener) {
      let last = JSON.stringify(read());
      return store.onChange(() => {
        const next = JSON.stringify(read());
        if (next === last) return;
        last = next;
        listener();
      });
    },
  };
}

/** Replies and model downloads in flight: what a desktop update waits for. */
export function activityService(
  agent: Service<AgentController>,
  downloads: Service<ModelDownloads>,
): Service<Activity & { stop(): void }> {
  return defineService({
    name: "activity",
    deps: [agent, downloads],
    start: (get) => watchActivity(get(agent), get(downloads)),
    stop: (activity) => activity.stop(),
  });
}

/**
 * Headless: the npm registry (checked at start at most once a day). Desktop: nothing is checked
 * until the desktop layer installs Electrobun's backend (src-main/desktop/updates).
 */
export function updatesService(
  config: Service<FileConfigStore>,
  logging: Service<Logging>,
  events: Service<EventBus>,
  options: { desktop: boolean },
): Service<UpdatesService> {
  return defineService({
    name: "updates",
    deps: [config, logging, events],
    start: (get) => {
      const store = get(config);
      const settings = updateSettingsOf(store);
      const publish = (status: UpdateStatus) => void get(events).publish("update_status", status);
      if (options.desktop) return new UpdatesService(awaitingDesktop(settings, VERSION), publish);
      const headless = new HeadlessUpdates({
        settings,
        stateDir: store.paths.stateDir,
        name: PACKAGE_NAME,
        current: VERSION,
        log: get(logging).logger("updates"),
      });
      headless.startDailyCheck();
      return new UpdatesService(headless, publish);
    },
    stop: (updates) => updates.stop(),
  });
}

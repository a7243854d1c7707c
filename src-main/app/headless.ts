import type { AgentManager } from "../agent-host";
import type { FileConfigStore } from "../config";
import type { Logger, LogHub } from "../logging";
import type { RunningServer } from "../server";
import type { Activity, UpdatesService } from "../update";
import {
  agentService,
  autostartService,
  downloadsService,
  eventsService,
  loggingService,
  noticesService,
  runFileService,
  serverService,
  stateLockService,
} from "./core-services";
import { watchParent } from "./parent-watch";
import { type Service, ServiceHost, valueService } from "./service-host";
import { installShutdown, RESTART_EXIT_CODE } from "./shutdown";
import { activityService, updatesService } from "./updates-service";

export interface HeadlessApp {
  store: FileConfigStore;
  logs: LogHub;
  logger: Logger;
  agent: AgentManager;
  server: RunningServer;
  services: ServiceHost;
  /** New versions: headless asks npm; the desktop layer installs its own backend (src-main/desktop/updates). */
  updates: UpdatesService;
  /** Replies and model downloads in flight, which an update must never cut short. */
  activity: Activity;
  /** Stops every service (graceful, bounded to 5 s) and exits with `code`; a second call joins the first. */
  shutdown(code?: number): Promise<never>;
}

export interface HeadlessOptions {
  store: FileConfigStore;
  color: boolean;
  profile?: string;
  /** Inside the desktop app: updates come from its own updater, not the npm registry. */
  desktop?: boolean;
}

/** API + dashboard + agent on one port: the spine of every mode. */
export async function runHeadless({ store, color, desktop = false }: HeadlessOptions): Promise<HeadlessApp> {
  const config = valueService("config", store);
  const lock = stateLockService(config);
  const logging = loggingService(config, color, lock);
  const events = eventsService();
  const downloads = downloadsService(config, logging, events);
  const notices = noticesService(config, logging);
  const agent = agentService(config, logging, downloads, notices);
  const activity = activityService(agent, downloads);
  const updates = updatesService(config, logging, events, { desktop });
  const server = serverService({ config, logging, events, downloads, notices, agent, updates }, () =>
    shutdown(RESTART_EXIT_CODE),
  );
  const services: Service<unknown>[] = [
    config,
    lock,
    logging,
    events,
    downloads,
    notices,
    agent,
    activity,
    updates,
    server,
    runFileService(config, server, lock),
    autostartService(config, agent, server),
  ];

  let logger: Logger | undefined;
  const host = new ServiceHost(services, (name, error) =>
    logger?.warn(`stopping ${name} failed: ${error instanceof Error ? error.message : String(error)}`),
  );
  await host.start();
  logger = host.get(logging).logger("main");
  const shutdown = installShutdown({ logger, stop: () => host.stop() });
  watchParent(() => {
    logger?.warn("the milady runner that started this process is gone; shutting down");
    void shutdown(0);
  });

  return {
    store,
    logs: host.get(logging).hub,
    logger,
    agent: host.get(agent),
    server: host.get(server),
    services: host,
    updates: host.get(updates),
    activity: host.get(activity),
    shutdown,
  };
}

import type { AgentManager } from "../agent-host";
import type { FileConfigStore } from "../config";
import type { LanAccess } from "../lan/lan-access";
import type { Logger, LogHub } from "../logging";
import type { RunningServer } from "../server";
import type { Activity, UpdatesService } from "../update";
import {
  agentService,
  autostartService,
  downloadsService,
  eventsService,
  type Logging,
  loggingService,
  noticesService,
  runFileService,
  serverService,
  stateLockService,
  triggersService,
} from "./core-services";
import { DesktopLink } from "./desktop-link";
import { lanListenerService, lanOverride, lanService } from "./lan-service";
import { watchParent } from "./parent-watch";
import { pluginsService } from "./plugins-service";
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
  /** LAN access: the HTTPS listener for phones, pairing, devices, mDNS. */
  lan: LanAccess;
  /** Stops every service (graceful, bounded to 5 s) and exits with `code`; a second call joins the first. */
  shutdown(code?: number): Promise<never>;
}

/** What the desktop layer is built from: the core services it depends on, and the app's own controls. */
export interface DesktopCore {
  config: Service<FileConfigStore>;
  logging: Service<Logging>;
  agent: Service<AgentManager>;
  server: Service<RunningServer>;
  /** LAN access, for the tray's LAN Access and Pair Phone items. */
  lan: Service<LanAccess>;
  /** The desktop layer installs Electrobun's updater as this service's backend. */
  updates: Service<UpdatesService>;
  /** Replies and model downloads in flight: an update waits for them. */
  activity: Service<Activity>;
  /** The server's POST /api/desktop/focus reaches the layer through this. */
  link: DesktopLink;
  /** Graceful stop of everything, then exit (Quit, or closing the window with close-to-tray off). */
  shutdown(code?: number): Promise<unknown>;
}

export interface HeadlessOptions {
  store: FileConfigStore;
  color: boolean;
  profile?: string;
  /** `milady start --lan`: LAN access for this run (MILADY_LAN=1 does the same). */
  lan?: boolean;
  /**
   * Desktop mode: the lock records it (a second start focuses this app instead of failing),
   * the server answers POST /api/desktop/focus, and this service (the window, tray and menus)
   * starts right after the server, before the agent is ready, and stops first.
   */
  desktop?: (core: DesktopCore) => Service<unknown>;
}

/** API + dashboard + agent on one port: the spine of every mode. */
export async function runHeadless({ store, color, desktop, lan: lanFlag }: HeadlessOptions): Promise<HeadlessApp> {
  const config = valueService("config", store);
  const lock = stateLockService(config, desktop ? "desktop" : "headless");
  const logging = loggingService(config, color, lock);
  const events = eventsService();
  const downloads = downloadsService(config, logging, events);
  const notices = noticesService(config, logging);
  const agent = agentService(config, logging, downloads, notices);
  const activity = activityService(agent, downloads);
  // Desktop: no registry checks; the desktop layer plugs Electrobun's updater in (src-main/desktop/updates).
  const updates = updatesService(config, logging, events, { desktop: desktop !== undefined });
  const link = desktop ? new DesktopLink() : undefined;
  const lan = lanService(config, logging, events, { override: lanOverride(lanFlag) });
  const triggers = triggersService(config, logging, events, agent);
  const plugins = pluginsService(config, logging, agent);
  const server = serverService(
    { config, logging, events, downloads, notices, agent, updates, lan, triggers, plugins },
    () => shutdown(RESTART_EXIT_CODE),
    link,
  );
  const lanListener = lanListenerService(lan, server);
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
    lan,
    triggers,
    plugins,
    server,
    lanListener,
    runFileService(config, server, lock),
  ];
  // Before autostart: the window paints the dashboard while the agent is still starting.
  if (desktop && link) {
    services.push(
      desktop({
        config,
        logging,
        agent,
        server,
        updates,
        activity,
        lan: lanListener,
        link,
        shutdown: (code) => shutdown(code),
      }),
    );
  }
  services.push(autostartService(config, agent, server));

  let logger: Logger | undefined;
  const host = new ServiceHost(services, (name, error) =>
    logger?.warn(`stopping ${name} failed: ${error instanceof Error ? error.message : String(error)}`),
  );
  await host.start();
  logger = host.get(logging).logger("main");
  // Desktop: the window is this process, so a restart exits 75 for the app around it.
  const shutdown = installShutdown({ logger, stop: () => host.stop(), ...(desktop ? { relaunch: () => false } : {}) });
  watchParent(() => {
    logger?.warn("the process that started this one (the milady runner or npm) is gone; shutting down");
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
    lan: host.get(lan),
    shutdown,
  };
}

import { join } from "node:path";
import { logsContract } from "../../src-shared/contracts";
import { AgentManager } from "../agent-host";
import { createAgentArchive } from "../archive";
import type { FileConfigStore } from "../config";
import type { LanAccess } from "../lan/lan-access";
import { createFileSink, createLogger, type Logger, LogHub } from "../logging";
import { ModelDownloads } from "../models";
import { NoticeBoard } from "../notices";
import type { PluginManager } from "../plugins/manager";
import { type DesktopControl, EventBus, type RunningServer, startServer } from "../server";
import { TriggerService } from "../triggers";
import type { UpdatesService } from "../update";
import { VERSION } from "../version";
import { agentHostOptions } from "./agent-transport";
import { resolveApiToken } from "./api-token";
import { prepareBootConfig } from "./boot-config";
import { staleDashboardWarning } from "./dashboard-freshness";
import { bindIsLoopback } from "./loopback";
import { APP_ROOT, DEFAULT_AVATAR_FILE, RENDERER_DIR } from "./paths";
import { removeRunFile, writeRunFile } from "./run-file";
import { defineService, type Service } from "./service-host";
import { acquireStateLock, type LockMode, type StateLock } from "./state-lock";

export interface Logging {
  hub: LogHub;
  /** A logger for one part of main ("main", "agent-host", ...). */
  logger(source: string): Logger;
}

export function loggingService(
  config: Service<FileConfigStore>,
  color: boolean,
  lock: Service<StateLock>,
): Service<Logging> {
  return defineService({
    name: "logging",
    // After the lock: a second instance must not even append to the first one's log.
    deps: [config, lock],
    start: (get) => {
      const store = get(config);
      const hub = new LogHub(store.current().logging.level, color);
      hub.addSink(createFileSink(store.paths.logsDir));
      store.onChange((next) => hub.configure({ level: next.logging.level }));
      return { hub, logger: (source: string) => createLogger(hub, source) };
    },
  });
}

/** The sequenced /ws event stream; main's own parts publish to it without going through HTTP. */
export function eventsService(): Service<EventBus> {
  return defineService({ name: "events", deps: [], start: () => new EventBus() });
}

export function downloadsService(
  config: Service<FileConfigStore>,
  logging: Service<Logging>,
  events: Service<EventBus>,
): Service<ModelDownloads> {
  return defineService({
    name: "downloads",
    deps: [config, logging, events],
    start: (get) =>
      new ModelDownloads({
        modelsDir: get(config).paths.modelsDir,
        log: get(logging).logger("models"),
        publish: (payload) => get(events).publish("model_progress", payload),
      }),
  });
}

/** Notices kept in <state>/notices.json until the user acknowledges them (a repaired database). */
export function noticesService(config: Service<FileConfigStore>, logging: Service<Logging>): Service<NoticeBoard> {
  return defineService({
    name: "notices",
    deps: [config, logging],
    start: (get) => new NoticeBoard(join(get(config).paths.stateDir, "notices.json"), get(logging).logger("notices")),
  });
}

export function agentService(
  config: Service<FileConfigStore>,
  logging: Service<Logging>,
  downloads: Service<ModelDownloads>,
  notices: Service<NoticeBoard>,
): Service<AgentManager> {
  return defineService({
    name: "agent",
    deps: [config, logging, downloads, notices],
    start: (get) => {
      const store = get(config);
      const agent = new AgentManager({
        version: VERSION,
        logger: get(logging).logger("agent-host"),
        // A `--model hf:...` not on disk yet downloads first (a bar on a terminal, events for the dashboard).
        prepareBoot: () =>
          prepareBootConfig(store, { download: (uri) => get(downloads).download(uri, { terminal: true }) }),
        ...agentHostOptions(store),
        replyTimeoutMs: () => store.current().agent.replyTimeoutSeconds * 1000,
        configGeneration: () => store.restartGeneration(),
        notices: get(notices),
      });
      // A saved change may make a restart pending: clients learn it from the status.
      store.onChange(() => agent.announce());
      agent.onEvent(logsContract, "log", ({ line }) => get(logging).hub.push(line));
      return agent;
    },
    stop: (agent) => agent.stop(),
  });
}

/**
 * Triggers: prompts sent to the agent on a schedule, kept in <state>/triggers.json. Started after
 * the agent and stopped before it (runs in flight end first); the server depends on it for its routes.
 */
export function triggersService(
  config: Service<FileConfigStore>,
  logging: Service<Logging>,
  events: Service<EventBus>,
  agent: Service<AgentManager>,
): Service<TriggerService> {
  return defineService({
    name: "triggers",
    deps: [config, logging, events, agent],
    start: (get) => {
      const triggers = new TriggerService({
        file: join(get(config).paths.stateDir, "triggers.json"),
        agent: get(agent),
        log: get(logging).logger("triggers"),
        publish: (type: "proactive_message" | "trigger_run", payload: unknown) =>
          void get(events).publish(type, payload as never),
      });
      triggers.start();
      return triggers;
    },
    stop: (triggers) => triggers.stop(),
  });
}

export interface ServerDeps {
  config: Service<FileConfigStore>;
  logging: Service<Logging>;
  events: Service<EventBus>;
  downloads: Service<ModelDownloads>;
  notices: Service<NoticeBoard>;
  agent: Service<AgentManager>;
  updates: Service<UpdatesService>;
  lan: Service<LanAccess>;
  triggers: Service<TriggerService>;
  plugins: Service<PluginManager>;
}

export function serverService(
  deps: ServerDeps,
  requestRestart: () => unknown,
  desktop?: DesktopControl,
): Service<RunningServer> {
  return defineService({
    name: "server",
    deps: Object.values(deps),
    start: async (get) => {
      const store = get(deps.config);
      const { server: settings } = store.current();
      const loopback = await bindIsLoopback(settings.bind);
      const { token, generated } = resolveApiToken(loopback, store.secrets().MILADY_API_TOKEN);
      // Kept in the state .env (0600) so it survives restarts and `milady token` can show it again.
      if (generated && token) await store.patch({ secrets: { MILADY_API_TOKEN: token } }, { allowAnySecret: true });
      // Walks the dashboard sources: off the start-up path (it only matters in a checkout).
      setTimeout(() => {
        const stale = staleDashboardWarning(APP_ROOT, RENDERER_DIR);
        if (stale) get(deps.logging).logger("server").warn(stale);
      }, 2000).unref?.();
      let server: RunningServer;
      try {
        server = await startServer({
          agent: get(deps.agent),
          config: store,
          logs: get(deps.logging).hub,
          events: get(deps.events),
          downloads: get(deps.downloads),
          notices: get(deps.notices),
          updates: get(deps.updates),
          port: settings.port,
          bind: settings.bind,
          loopback,
          token,
          staticDir: RENDERER_DIR,
          version: VERSION,
          defaultAvatarFile: DEFAULT_AVATAR_FILE,
          requestRestart,
          desktop,
          lan: get(deps.lan),
          triggers: get(deps.triggers),
          plugins: get(deps.plugins),
          archive: createAgentArchive({
            store,
            agent: get(deps.agent),
            reloadTriggers: () => get(deps.triggers).reload(),
          }),
        });
      } catch (error) {
        throw portError(error, settings.bind, settings.port);
      }
      if (generated) {
        // Printed once, to stderr only: not to the log file, not over the API.
        process.stderr.write(
          `\nMilady listens on ${settings.bind}, reachable from other machines, so the API needs a token:\n  ${token}\nUse it in the dashboard, or as "Authorization: Bearer <token>". It is kept in ${store.paths.envFile}; \`milady token\` shows it again.\n\n`,
        );
      }
      const logger = get(deps.logging).logger("main");
      logger.info(`Milady ${VERSION} is serving the dashboard and API at ${server.url}`);
      logger.info(`state directory: ${store.paths.stateDir}`);
      return server;
    },
    stop: (server) => server.stop(),
  });
}

/**
 * One Milady per state dir, taken before anything opens the database; released last.
 * A second start on the same dir fails here, naming the running one.
 */
export function stateLockService(config: Service<FileConfigStore>, mode: LockMode = "headless"): Service<StateLock> {
  return defineService({
    name: "state-lock",
    deps: [config],
    start: (get) => acquireStateLock(get(config).paths.stateDir, mode),
    stop: (lock) => lock.release(),
  });
}

/** <state>/milady.run.json (and the lock) say how to reach this process while it runs; its value is the state dir. */
export function runFileService(
  config: Service<FileConfigStore>,
  server: Service<RunningServer>,
  lock: Service<StateLock>,
): Service<string> {
  return defineService({
    name: "run-file",
    deps: [config, server, lock],
    start: (get) => {
      const { stateDir } = get(config).paths;
      const running = get(server);
      writeRunFile(stateDir, {
        pid: process.pid,
        url: running.url,
        port: running.port,
        runId: running.runId,
        tokenFromEnvironment: !!process.env.MILADY_API_TOKEN,
      });
      get(lock).update({ url: running.url, port: running.port });
      return stateDir;
    },
    stop: (stateDir) => removeRunFile(stateDir),
  });
}

/** Starts the agent once the server answers (config agent.autoStart), without waiting for it. */
export function autostartService(
  config: Service<FileConfigStore>,
  agent: Service<AgentManager>,
  server: Service<RunningServer>,
): Service<void> {
  return defineService({
    name: "autostart",
    deps: [config, agent, server],
    start: (get) => {
      if (get(config).current().agent.autoStart) void get(agent).start();
    },
  });
}

function portError(error: unknown, bind: string, port: number): Error {
  const text = error instanceof Error ? error.message : String(error);
  if (/EADDRINUSE|in use|address already/i.test(text)) {
    return new Error(
      `port ${port} on ${bind} is already in use: another Milady may be running (open http://${bind}:${port}), or start with --port <other>.`,
    );
  }
  if (/EADDRNOTAVAIL|EACCES/i.test(text)) {
    return new Error(`cannot listen on ${bind}:${port} (${text}): check --bind, or use a port above 1024.`);
  }
  return error instanceof Error ? error : new Error(text);
}

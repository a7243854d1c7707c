import { AgentManager, createProcessTransport, createWorkerTransport } from "../agent-host";
import type { FileConfigStore } from "../config";
import { createFileSink, createLogger, LogHub, type Logger } from "../logging";
import { downloadHfModel, listLocalModels } from "../models";
import { type RunningServer, startServer } from "../server";
import { VERSION } from "../version";
import { resolveApiToken } from "./api-token";
import { prepareBootConfig } from "./boot-config";
import { removeRunFile, writeRunFile } from "./run-file";
import { installShutdown, RESTART_EXIT_CODE } from "./shutdown";
import { AGENT_PROCESS_ENTRY, AGENT_WORKER_ENTRY, DEFAULT_AVATAR_FILE, RENDERER_DIR } from "./paths";

export interface HeadlessApp {
  store: FileConfigStore;
  logs: LogHub;
  logger: Logger;
  agent: AgentManager;
  server: RunningServer;
  /** Stops the server and the agent (graceful, bounded to 5 s) and exits with `code`. */
  shutdown(code?: number): Promise<never>;
}

export interface HeadlessOptions {
  store: FileConfigStore;
  color: boolean;
  profile?: string;
}

/** API + dashboard + agent on one port: the spine of every mode. */
export async function runHeadless({ store, color }: HeadlessOptions): Promise<HeadlessApp> {
  const config = store.current();
  const logs = new LogHub(config.logging.level, color);
  logs.addSink(createFileSink(store.paths.logsDir));
  const logger = createLogger(logs, "main");
  store.onChange((next) => logs.configure({ level: next.logging.level }));

  const agent: AgentManager = new AgentManager({
    version: VERSION,
    logger: createLogger(logs, "agent-host"),
    prepareBoot: () =>
      prepareBootConfig(store, {
        download: (uri) =>
          downloadHfModel(uri, store.paths.modelsDir, {
            onProgress: (p) => logger.debug(`downloading ${uri}: ${p.receivedBytes} bytes`),
          }),
      }),
    createTransport: () =>
      store.current().agent.host === "process"
        ? createProcessTransport(AGENT_PROCESS_ENTRY)
        : createWorkerTransport(AGENT_WORKER_ENTRY),
    hostKind: () => store.current().agent.host,
    agentName: () => store.current().character.name,
    replyTimeoutMs: () => store.current().agent.replyTimeoutSeconds * 1000,
  });
  agent.on("log", (line) => logs.push(line));

  const { token, generated } = resolveApiToken(config.server.bind, store.secrets().MILADY_API_TOKEN);
  let server: RunningServer;
  try {
    server = await startServer({
      agent,
      config: store,
      logs,
      port: config.server.port,
      bind: config.server.bind,
      token,
      staticDir: RENDERER_DIR,
      version: VERSION,
      defaultAvatarFile: DEFAULT_AVATAR_FILE,
      models: {
        list: () => listLocalModels(store.paths.modelsDir),
        download: (uri, onProgress) => downloadHfModel(uri, store.paths.modelsDir, { onProgress }),
      },
      requestRestart: () => app.shutdown(RESTART_EXIT_CODE),
    });
  } catch (error) {
    throw portError(error, config.server.bind, config.server.port);
  }

  const app: HeadlessApp = {
    store,
    logs,
    logger,
    agent,
    server,
    shutdown: installShutdown({
      logger,
      stop: [() => server.stop(), () => agent.stop(), async () => removeRunFile(store.paths.stateDir)],
    }),
  };

  if (generated) {
    // Printed once, to stderr only: not to the log file, not over the API.
    process.stderr.write(
      `\nMilady listens on ${config.server.bind}, reachable from other machines, so the API needs a token:\n  ${token}\nUse it in the dashboard, or as "Authorization: Bearer <token>". Set MILADY_API_TOKEN to choose your own.\n\n`,
    );
  }
  writeRunFile(store.paths.stateDir, { pid: process.pid, url: server.url, port: server.port, runId: server.runId });
  logger.info(`Milady ${VERSION} is serving the dashboard and API at ${server.url}`);
  logger.info(`state directory: ${store.paths.stateDir}`);
  if (config.agent.autoStart) void agent.start();
  return app;
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

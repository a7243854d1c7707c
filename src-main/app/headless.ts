import { AgentManager, createProcessTransport, createWorkerTransport } from "../agent-host";
import type { FileConfigStore } from "../config";
import { createFileSink, createLogger, type Logger, LogHub } from "../logging";
import { downloadHfModel, listLocalModels, renderProgressBar } from "../models";
import { type RunningServer, startServer } from "../server";
import { VERSION } from "../version";
import { resolveApiToken } from "./api-token";
import { prepareBootConfig } from "./boot-config";
import { AGENT_PROCESS_ENTRY, AGENT_WORKER_ENTRY, DEFAULT_AVATAR_FILE, RENDERER_DIR } from "./paths";
import { removeRunFile, writeRunFile } from "./run-file";
import { installShutdown, RESTART_EXIT_CODE } from "./shutdown";

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
    prepareBoot: () => prepareBootConfig(store, { download: (uri) => downloadAtStart(uri) }),
    createTransport: () =>
      store.current().agent.host === "process"
        ? createProcessTransport(AGENT_PROCESS_ENTRY)
        : createWorkerTransport(AGENT_WORKER_ENTRY),
    hostKind: () => store.current().agent.host,
    agentName: () => store.current().character.name,
    replyTimeoutMs: () => store.current().agent.replyTimeoutSeconds * 1000,
  });
  agent.on("log", (line) => logs.push(line));

  // A `--model hf:...` that is not on disk yet: a progress bar on a terminal,
  // `model_progress` events for the dashboard, and the agent starts once it is there.
  const downloadAtStart = async (uri: string): Promise<string> => {
    const file = uri.split("/").at(-1) ?? uri;
    const bar = process.stderr.isTTY ? (text: string) => process.stderr.write(`\r${text}`) : undefined;
    logger.info(`downloading ${uri} into ${store.paths.modelsDir}`);
    let lastEvent = 0;
    try {
      const path = await downloadHfModel(uri, store.paths.modelsDir, {
        onProgress: (p) => {
          bar?.(renderProgressBar(p, 30));
          if (Date.now() - lastEvent < 250) return; // at most 4 events a second
          lastEvent = Date.now();
          server?.events.publish("model_progress", { uri, file, ...p, done: false });
        },
      });
      if (bar) process.stderr.write("\n");
      server?.events.publish("model_progress", { uri, file, receivedBytes: 0, done: true });
      return path;
    } catch (error) {
      if (bar) process.stderr.write("\n");
      const message = (error as Error).message;
      server?.events.publish("model_progress", { uri, file, receivedBytes: 0, done: true, error: message });
      throw new Error(`could not download ${uri}: ${message}`);
    }
  };

  const { token, generated } = resolveApiToken(config.server.bind, store.secrets().MILADY_API_TOKEN);
  let server: RunningServer | undefined;
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

import type { Logger } from "../logging";

/** Exit code that asks the runner (bin/milady.mjs) to start a new process. */
export const RESTART_EXIT_CODE = 75;
/** SIGINT/SIGTERM must finish within 5 s; leave headroom for the process to exit. */
const SHUTDOWN_BUDGET_MS = 4500;

export interface ShutdownOptions {
  logger: Logger;
  /** Stops every service in reverse start order: the server stops taking requests before the agent closes its DB. */
  stop: () => Promise<unknown>;
}

/** Installs SIGINT/SIGTERM handlers and returns the shutdown function. */
export function installShutdown({ logger, stop }: ShutdownOptions): (code?: number) => Promise<never> {
  let running: Promise<never> | null = null;
  const shutdown = (code = 0): Promise<never> => {
    if (running) return running;
    running = (async () => {
      const hardStop = setTimeout(() => {
        logger.error("shutdown took too long; exiting now");
        process.exit(code === 0 ? 1 : code);
      }, SHUTDOWN_BUDGET_MS);
      hardStop.unref?.();
      logger.info(code === RESTART_EXIT_CODE ? "restarting Milady…" : "shutting down…");
      try {
        await stop();
      } catch (error) {
        logger.warn(`shutdown failed: ${(error as Error).message}`);
      }
      process.exit(code);
    })();
    return running;
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  return shutdown;
}

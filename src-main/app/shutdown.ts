import type { Logger } from "../logging";
import { relaunchInPlace } from "./relaunch";

/** Exit code that asks for a new process: this one replaces itself (relaunch.ts) or its runner starts one. */
export const RESTART_EXIT_CODE = 75;
/** SIGINT/SIGTERM must finish within 5 s; leave headroom for the process to exit. */
const SHUTDOWN_BUDGET_MS = 4500;

export interface ShutdownOptions {
  logger: Logger;
  /** Stops every service in reverse start order: the server stops taking requests before the agent closes its DB. */
  stop: () => Promise<unknown>;
  /**
   * What a restart (exit code 75) does once everything stopped: by default the process replaces
   * itself when it can (relaunch.ts). The desktop app's does nothing: its window lives in this process.
   */
  relaunch?: () => boolean;
}

/** Installs SIGINT/SIGTERM handlers and returns the shutdown function. */
export function installShutdown({
  logger,
  stop,
  relaunch = relaunchInPlace,
}: ShutdownOptions): (code?: number) => Promise<never> {
  let running: Promise<never> | null = null;
  const shutdown = (code = 0): Promise<never> => {
    if (running) return running;
    running = (async () => {
      const hardStop = setTimeout(() => {
        logger.error("shutdown took too long; exiting now");
        if (code === RESTART_EXIT_CODE) relaunch();
        process.exit(code === 0 ? 1 : code);
      }, SHUTDOWN_BUDGET_MS);
      hardStop.unref?.();
      logger.info(code === RESTART_EXIT_CODE ? "restarting Milady…" : "shutting down…");
      try {
        await stop();
      } catch (error) {
        logger.warn(`shutdown failed: ${(error as Error).message}`);
      }
      if (code === RESTART_EXIT_CODE) relaunch();
      process.exit(code);
    })();
    return running;
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  return shutdown;
}

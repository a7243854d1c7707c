import { DB_UNREACHABLE_MESSAGE, isConnectionLost, unreachableProblem } from "./db-errors";
import type { DbHealth } from "./db-health";
import type { SqlClient } from "./sql-client";
import type { AgentLog } from "./types";

const HEALTHY_EVERY_MS = 5_000;
const DOWN_EVERY_MS = 1_000;
const PROBE_TIMEOUT_MS = 5_000;

/**
 * On PostgreSQL the server can go away while Milady runs (a restart, a network cut). A `SELECT 1`
 * every few seconds (off the chat path) shows it in the status before a message fails, and ends
 * the "unreachable" state once the server answers again: plugin-sql's pool replaces its broken
 * connections by itself, so nothing restarts. Returns the function that stops the watch.
 */
export function watchPostgres(
  sql: SqlClient,
  dbHealth: DbHealth,
  log: AgentLog,
  every = { healthyMs: HEALTHY_EVERY_MS, downMs: DOWN_EVERY_MS, probeTimeoutMs: PROBE_TIMEOUT_MS },
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let down = false;
  const tick = async () => {
    let probeTimer: ReturnType<typeof setTimeout> | undefined;
    try {
      // A probe that hangs (a pool whose connections all wait on the dead server) counts as lost.
      await Promise.race([
        sql.query("SELECT 1"),
        new Promise((_, reject) => {
          probeTimer = setTimeout(
            () => reject(new Error("timeout exceeded when trying to connect")),
            every.probeTimeoutMs,
          );
        }),
      ]);
      // Only the problem this watch (or a chat turn) saw as a lost connection clears here.
      if (down || dbHealth.degraded?.message === DB_UNREACHABLE_MESSAGE) {
        down = false;
        log.info("db", "the PostgreSQL server answers again");
        dbHealth.ok();
      }
    } catch (error) {
      if (isConnectionLost(error)) {
        if (!down) log.warn("db", `${DB_UNREACHABLE_MESSAGE}: ${(error as Error).message.split("\n")[0]}`);
        down = true;
        dbHealth.failed(unreachableProblem(), error);
      }
    }
    clearTimeout(probeTimer);
    if (!stopped) schedule();
  };
  const schedule = () => {
    const waitMs = down || dbHealth.degraded?.message === DB_UNREACHABLE_MESSAGE ? every.downMs : every.healthyMs;
    timer = setTimeout(() => void tick(), waitMs);
    (timer as { unref?: () => void }).unref?.();
  };
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

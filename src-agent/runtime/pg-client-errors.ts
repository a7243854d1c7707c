import { safeErrorText } from "./db-errors";
import type { AgentLog } from "./types";

/** The part of node-postgres' Pool this needs: its `connect` event hands over each new client. */
interface PoolEvents {
  on(event: "connect", listener: (client: ClientEvents) => void): unknown;
}
interface ClientEvents {
  on(event: "error", listener: (error: Error) => void): unknown;
}

const guarded = new WeakSet<object>();

/**
 * node-postgres' pool takes its own error listener off a client while the client is checked out
 * (plugin-sql's transactions hold one between statements). If the server ends the connection
 * then (a restart or `pg_ctl stop` sends 57P01 "terminating connection due to administrator
 * command"), the client emits `error` with nobody listening, which throws in the agent's worker
 * and kills it: a PostgreSQL outage became an agent crash and a restart loop, instead of the
 * degraded status the connection watch reports (postgres-watch.ts). A listener on every client
 * keeps that error where it belongs: the client is marked unusable by node-postgres itself, the
 * statement waiting on it fails (and is reported as the server being unreachable), and the pool
 * drops the client when it comes back. Attached before the first connection is made.
 */
export function keepClientErrorsInThePool(pool: unknown, log: AgentLog): void {
  const events = pool as Partial<PoolEvents> | null;
  if (typeof events?.on !== "function") return; // PGlite: no pool, no sockets
  // plugin-sql keeps one pool per process across agent starts: one listener is enough.
  if (guarded.has(events)) return;
  guarded.add(events);
  events.on("connect", (client) => {
    client.on("error", (error) => {
      log.debug("db", `a PostgreSQL connection ended: ${safeErrorText(error)}`);
    });
  });
}

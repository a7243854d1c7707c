import { type AgentBootConfig, DB_UNREACHABLE_MESSAGE, MiladyError, type WireError } from "../../src-shared/protocol";
import { isConnectionLost } from "./db-errors";

/**
 * A failed start as the user sees it: the cause in one line, never the SQL a migration ran
 * (it can carry user data) and a fix that fits the database in use. The full error goes to
 * the log at debug level only.
 */
export function describeStartFailure(error: unknown, boot: Pick<AgentBootConfig, "postgresUrl">): WireError {
  if (error instanceof MiladyError) return error.toWire();
  if (boot.postgresUrl && isConnectionLost(error)) {
    return {
      code: "db_error",
      message: `${DB_UNREACHABLE_MESSAGE}, so the agent could not start`,
      fix: "Start the PostgreSQL server (or fix the network to it): Milady retries the start by itself. `milady doctor` checks the connection.",
    };
  }
  const raw = error instanceof Error ? error.message : String(error);
  // plugin-sql's migration errors embed the statement ("Failed query: CREATE TABLE ... params: ...").
  const cause =
    raw
      .split(/\n?\s*Failed query:/)[0]!
      .split("\n")[0]!
      .trim() || "unknown error";
  const fix = boot.postgresUrl
    ? "Check that the PostgreSQL server runs and that its user may create tables; `milady doctor` checks the connection and pgvector."
    : "Run `milady doctor`. Milady checks the database at every start and repairs damage after keeping a backup of it.";
  return { code: boot.postgresUrl ? "db_error" : "internal", message: `the agent could not start: ${cause}`, fix };
}

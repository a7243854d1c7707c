import { DB_UNREACHABLE_MESSAGE, MiladyError, type WireError } from "../../src-shared/protocol";
import { isPgliteCorruption } from "./pglite-recovery";

/** The causes of an error, outermost first (drizzle wraps PostgreSQL's error as `cause`). */
function chain(error: unknown): Array<{ message: string; code?: unknown }> {
  const out: Array<{ message: string; code?: unknown }> = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { message?: unknown; code?: unknown; cause?: unknown };
    out.push({ message: typeof e.message === "string" ? e.message : String(current), code: e.code });
    current = typeof current === "object" ? e.cause : undefined;
  }
  return out;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;
const DISK_FULL = /ENOSPC|No space left on device|could not extend file|disk full|53100/i;
const DATABASE =
  /Failed query:|\brelation "|\bcolumn "|SQLSTATE|duplicate key|violates|syntax error at|invalid byte sequence|untranslatable character|unsupported Unicode escape|database is shutting down|connection (terminated|refused)|ECONNREFUSED/i;

/** The PostgreSQL server went away or refuses connections (not a refused statement): it comes back by itself. */
const CONNECTION_LOST =
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|Connection terminated|connection (terminated|refused)|terminating connection|the database system is (shutting down|starting up)|timeout exceeded when trying to connect|Client has encountered a connection error/i;
const CONNECTION_STATES = new Set(["57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006"]);

export { DB_UNREACHABLE_MESSAGE };

export function isConnectionLost(error: unknown): boolean {
  const causes = chain(error);
  return causes.some(
    (c) => CONNECTION_LOST.test(c.message) || (typeof c.code === "string" && CONNECTION_STATES.has(c.code)),
  );
}

/** What the status shows while the server is away; nothing acknowledged was lost, new messages wait for it. */
export function unreachableProblem(): WireError {
  return {
    code: "db_error",
    message: DB_UNREACHABLE_MESSAGE,
    fix: "Start the PostgreSQL server (or fix the network to it). Milady reconnects by itself when it answers; messages sent meanwhile get this error and can be sent again.",
  };
}

/**
 * A database failure as the user sees it, or undefined when the error is not the database's.
 * Never the failed statement, its parameters or PostgreSQL's detail: they carry the user's text.
 */
export function databaseFailure(error: unknown): WireError | undefined {
  if (error instanceof MiladyError) return undefined;
  const causes = chain(error);
  const text = causes.map((c) => c.message).join("\n");
  const state = causes.map((c) => c.code).find((code) => typeof code === "string" && SQLSTATE.test(code)) as
    | string
    | undefined;
  if (DISK_FULL.test(text) || state === "53100") {
    return {
      code: "disk_full",
      message: "the disk with Milady's data is full, so nothing new can be saved",
      fix: "Free some space on that disk (models and old backups in the state folder are the big files), then send again.",
    };
  }
  if (isConnectionLost(error)) return unreachableProblem();
  if (isPgliteCorruption(error)) {
    return {
      code: "db_error",
      message: "the database is damaged",
      fix: "Restart the agent: Milady checks the database at start and keeps a backup before it repairs anything.",
    };
  }
  if (state || DATABASE.test(text)) {
    return {
      code: "db_error",
      message: `the database refused the change${state ? ` (SQLSTATE ${state})` : ""}`,
      fix: "Try again; if it keeps failing, restart the agent and run `milady doctor`.",
    };
  }
  return undefined;
}

/** One line about an error that is safe to log or answer with: never a failed SQL statement or its parameters. */
export function safeErrorText(error: unknown): string {
  const db = databaseFailure(error);
  if (db) return db.message;
  const message = error instanceof Error ? error.message : String(error);
  return (
    message
      .split(/\n|Failed query:/)[0]!
      .slice(0, 300)
      .trim() || "unknown error"
  );
}

/**
 * PostgreSQL's (or PGlite's) own words for a failure, e.g. "invalid page in block 3 of relation
 * base/1/16385": the innermost cause that is not a failed statement. Those words name files and
 * blocks, never stored text, so they may go to the log.
 */
export function databaseCause(error: unknown): string {
  let found = "";
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const message = e instanceof Error ? e.message : String(e);
    if (!/Failed query:/.test(message)) found = message.split("\n")[0]!.slice(0, 300).trim();
    e = e instanceof Error ? e.cause : undefined;
  }
  return found || "unknown error";
}

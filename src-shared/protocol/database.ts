import { z } from "zod";

/** What to do when a PostgreSQL server lacks pgvector (plugin-sql's tables use its `vector` type). */
export const PGVECTOR_FIX =
  "Install pgvector on the PostgreSQL server (Debian/Ubuntu: apt install postgresql-<version>-pgvector; Debian 13 ships it for PostgreSQL 17), then start Milady again: it runs CREATE EXTENSION vector itself.";

/**
 * The status's problem (and a start failure's message) while the PostgreSQL server cannot be
 * reached: the agent reconnects by itself, and main retries a start that failed this way.
 */
export const DB_UNREACHABLE_MESSAGE = "the PostgreSQL server cannot be reached";

/** True for a failure that passes once the PostgreSQL server is back (main retries such a start). */
export function isDbUnreachable(error: { code: string; message: string } | undefined): boolean {
  return error?.code === "db_error" && error.message.startsWith(DB_UNREACHABLE_MESSAGE);
}

/** One table the start-up check found damaged and rebuilt from the rows it could still read. */
export const tableRepairSchema = z.object({
  /** The table's name (schema-qualified outside `public`). */
  table: z.string(),
  /** `unreadable_pages`: pages full of garbage; `missing_pages`: the file is shorter than the table. */
  damage: z.enum(["unreadable_pages", "missing_pages", "reported_at_runtime"]),
  /** Rows the rebuilt table holds. */
  rowsKept: z.number().int().nonnegative(),
});
export type TableRepair = z.infer<typeof tableRepairSchema>;

/**
 * Something the agent did to its PGlite database at start so it could open it, reported once
 * in `ready` and kept by main as a notice until the user acknowledges it.
 * - `repaired`: damaged tables were rebuilt in place; `backup` is the database as it was.
 * - `replaced`: the damage could not be repaired; a fresh database was created, the old one is `backup`.
 * - `version_restored`: PG_VERSION was missing and was written again; no data changed.
 */
export const dbRecoverySchema = z.object({
  kind: z.enum(["repaired", "replaced", "version_restored"]),
  /** When it happened (epoch ms). */
  at: z.number(),
  /** What happened, in one or two sentences; never SQL or stored text. */
  message: z.string(),
  /** What the user may want to do about it. */
  fix: z.string().optional(),
  /** The untouched copy of the database as it was before anything changed. */
  backup: z.string().optional(),
  tables: z.array(tableRepairSchema).optional(),
});
export type DbRecovery = z.infer<typeof dbRecoverySchema>;

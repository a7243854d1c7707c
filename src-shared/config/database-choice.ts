import { MiladyError } from "../protocol/errors";
import type { MiladyConfig } from "./schema";

export type DatabaseChoice = { provider: "pglite" } | { provider: "postgres"; url: string };

export const POSTGRES_URL_FIX =
  "Set the server's URL: `milady config set database.postgresUrl postgres://user@host:5432/db`, or put POSTGRES_URL=postgres://user:password@host:5432/db in the state dir's .env (keeps the password out of milady.json); or go back with `milady config set database.provider pglite`.";

/**
 * The database in effect. `database.provider` decides when set; without it a PostgreSQL URL
 * (config or the POSTGRES_URL secret) means PostgreSQL, as before the provider existed. An
 * explicit "pglite" keeps a URL around for later without using it.
 */
export function databaseChoice(
  config: Pick<MiladyConfig, "database">,
  secrets: Record<string, string>,
): DatabaseChoice {
  const url = config.database.postgresUrl || secrets.POSTGRES_URL || undefined;
  const provider = config.database.provider ?? (url ? "postgres" : "pglite");
  if (provider === "pglite") return { provider };
  if (!url) {
    throw new MiladyError("db_error", "database.provider is postgres but no PostgreSQL URL is set", POSTGRES_URL_FIX);
  }
  return { provider, url };
}

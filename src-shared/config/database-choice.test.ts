import { describe, expect, test } from "bun:test";
import { MiladyError } from "../protocol/errors";
import { databaseChoice } from "./database-choice";

const cfg = (database: { provider?: "pglite" | "postgres"; postgresUrl?: string }) => ({ database });
const URL = "postgres://milady@db:5432/milady";

describe("databaseChoice", () => {
  test("nothing set: PGlite; a URL alone (config or POSTGRES_URL): PostgreSQL, as before the provider existed", () => {
    expect(databaseChoice(cfg({}), {})).toEqual({ provider: "pglite" });
    expect(databaseChoice(cfg({ postgresUrl: URL }), {})).toEqual({ provider: "postgres", url: URL });
    expect(databaseChoice(cfg({}), { POSTGRES_URL: URL })).toEqual({ provider: "postgres", url: URL });
  });

  test("milady.json's URL wins over the secret; an explicit pglite keeps a URL unused", () => {
    expect(
      databaseChoice(cfg({ provider: "postgres", postgresUrl: URL }), { POSTGRES_URL: "postgres://x@y/z" }),
    ).toEqual({ provider: "postgres", url: URL });
    expect(databaseChoice(cfg({ provider: "pglite", postgresUrl: URL }), { POSTGRES_URL: URL })).toEqual({
      provider: "pglite",
    });
  });

  test("provider postgres without any URL: a db_error that says how to set one or go back", () => {
    let error: unknown;
    try {
      databaseChoice(cfg({ provider: "postgres" }), {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MiladyError);
    expect((error as MiladyError).code).toBe("db_error");
    expect((error as MiladyError).message).toContain("no PostgreSQL URL");
    expect((error as MiladyError).fix).toContain("POSTGRES_URL");
    expect((error as MiladyError).fix).toContain("database.provider pglite");
  });
});

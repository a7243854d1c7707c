import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_CHARACTER } from "../../src-shared/protocol";
import { MILADY_AGENT_ID, toElizaCharacter } from "./character-map";
import { STABLE_MESSAGE_HANDLER_TEMPLATE } from "./message-handler-template";
import { isPgliteCorruption, moveCorruptDataDir } from "./pglite-recovery";
import { isDisabled } from "./plugin-loader";

describe("runtime helpers", () => {
  test("recognises PGlite corruption errors and nothing else", () => {
    expect(isPgliteCorruption(new Error("PGlite failed to initialize properly"))).toBe(true);
    expect(isPgliteCorruption(new Error("Unreachable code should not be executed (evaluating 'x')"))).toBe(true);
    expect(isPgliteCorruption(new Error("wrap", { cause: new Error("could not read block 3 in file base/1/2") }))).toBe(
      true,
    );
    expect(isPgliteCorruption(new Error('relation "agents" does not exist'))).toBe(false);
    expect(isPgliteCorruption(new Error("connect ECONNREFUSED 127.0.0.1:5432"))).toBe(false);
  });

  test("moves a damaged dir aside with an ISO timestamp, never deleting it", () => {
    const root = mkdtempSync(join(tmpdir(), "milady-move-"));
    const dir = join(root, ".elizadb");
    mkdirSync(dir);
    writeFileSync(join(dir, "PG_VERSION"), "junk");
    const backup = moveCorruptDataDir(dir, new Date("2026-01-02T03:04:05.678Z"));
    expect(backup).toBe(`${dir}.corrupt-2026-01-02T03-04-05-678Z`);
    expect(existsSync(join(backup as string, "PG_VERSION"))).toBe(true);
    expect(existsSync(dir)).toBe(false);
    expect(moveCorruptDataDir(dir)).toBeUndefined();
    rmSync(root, { recursive: true, force: true });
  });

  test("character mapping and a stable agent id", () => {
    const c = toElizaCharacter(DEFAULT_CHARACTER, MILADY_AGENT_ID);
    expect(c.name).toBe("Milady");
    // A rename keeps the id, so the conversations (which belong to it) stay visible.
    expect(c.id).toBe(MILADY_AGENT_ID);
    expect(toElizaCharacter({ ...DEFAULT_CHARACTER, name: "Other" }, MILADY_AGENT_ID).id).toBe(MILADY_AGENT_ID);
    expect(c.messageExamples?.[0]?.[0]).toEqual({ name: "{{user}}", content: { text: "hi, who are you?" } });
  });

  test("an imported character's prompt fields reach elizaOS; its plugins, settings and knowledge do not", () => {
    const c = toElizaCharacter(
      {
        ...DEFAULT_CHARACTER,
        username: "wren_keeper",
        style: { all: ["calm"], chat: [], post: ["short lines"] },
        postExamples: ["The lamp is lit."],
        templates: { postCreationTemplate: "Write a post as {{agentName}}." },
        plugins: ["@elizaos/plugin-image-generation"],
        settings: { voice: { model: "en_US-neural" }, POSTGRES_URL_FALLBACK: "x" },
        knowledge: [{ path: "docs/tides.md" }],
      },
      MILADY_AGENT_ID,
    );
    expect(c.username).toBe("wren_keeper");
    expect(c.style?.post).toEqual(["short lines"]);
    expect(c.postExamples).toEqual(["The lamp is lit."]);
    expect(c.templates).toEqual({
      messageHandlerTemplate: STABLE_MESSAGE_HANDLER_TEMPLATE,
      postCreationTemplate: "Write a post as {{agentName}}.",
    });
    expect(c.plugins).toEqual([]);
    expect(c.settings).toEqual({});
    expect(c.knowledge).toBeUndefined();
    expect(toElizaCharacter(DEFAULT_CHARACTER, MILADY_AGENT_ID).username).toBe("milady");
  });

  test("disabled plugin names", () => {
    expect(isDisabled("@elizaos/plugin-bootstrap", ["bootstrap"])).toBe(true);
    expect(isDisabled("@elizaos/plugin-bootstrap", ["@elizaos/plugin-bootstrap"])).toBe(true);
    expect(isDisabled("milady", ["bootstrap"])).toBe(false);
  });
});

describe("describeStartFailure", () => {
  test("keeps the cause, drops the failed statement, and fits the fix to the database", async () => {
    const { describeStartFailure } = await import("./start-errors");
    const migration = new Error(
      '1 migration(s) failed:\n  @elizaos/plugin-sql: Failed query: CREATE TABLE "x" ("secret" text);\nparams: my private words',
    );
    const pglite = describeStartFailure(migration, {});
    expect(pglite.message).toBe("the agent could not start: 1 migration(s) failed:");
    expect(JSON.stringify(pglite)).not.toContain("CREATE TABLE");
    expect(JSON.stringify(pglite)).not.toContain("private words");
    expect(pglite.fix).toContain("backup");
    const pg = describeStartFailure(migration, { postgresUrl: "postgres://x" });
    expect(pg.code).toBe("db_error");
    expect(pg.fix).toContain("PostgreSQL");
    expect(pg.fix).not.toContain("backup");
  });

  test("a PostgreSQL server that refuses the connection is 'cannot be reached', which main retries", async () => {
    const { describeStartFailure } = await import("./start-errors");
    const { isDbUnreachable } = await import("../../src-shared/protocol");
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const down = describeStartFailure(refused, { postgresUrl: "postgres://x" });
    expect(down.message).toContain("cannot be reached");
    expect(down.fix).toContain("retries the start by itself");
    expect(isDbUnreachable(down)).toBe(true);
    // A failed migration is not retried: it needs the user's fix.
    expect(
      isDbUnreachable(describeStartFailure(new Error("relation x does not exist"), { postgresUrl: "postgres://x" })),
    ).toBe(false);
  });
});

// `milady db migrate --to postgres://...`: an agent that chatted and learned a document on PGlite
// moves to a real PostgreSQL 17 + pgvector (the test chroot's server). Refused while Milady runs;
// copies every table, prints the counts, switches the config; the PGlite directory is left
// byte for byte as it was; the next start on PostgreSQL has the same agent, history and
// knowledge; a second migrate to the same database is refused unless --force. Always on
// PostgreSQL (the source is PGlite by nature), so it is in the first pass only.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { MAIN, type MiladyProcess, postJson, removeDir, startMilady, tempStateDir } from "../support/milady-process";
import { sharedPostgres } from "../support/test-database";

let url: string;
const stateDir = tempStateDir("milady-migrate-");
beforeAll(async () => {
  // The test server trusts loopback, so the password is ignored by it: it is there to be masked.
  url = (await (await sharedPostgres()).createDatabase("migrate")).replace("postgres@", "postgres:s3cret-pw@");
}, 300_000);
afterAll(() => removeDir(stateDir));

async function cli(args: string[]) {
  const proc = Bun.spawn([process.execPath, MAIN, ...args, "--state-dir", stateDir], {
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, NO_COLOR: "1", MILADY_STATE_DIR: "", POSTGRES_URL: "", MILADY_SCRIPTED_MODEL: "1" },
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { stdout, stderr, code };
}

/** A digest of every file under the PGlite directory: names, sizes and bytes. */
function digest(dir: string): string {
  const hash = createHash("sha256");
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
  for (const file of files) hash.update(file).update(readFileSync(file));
  return hash.digest("hex");
}

describe("milady db migrate", () => {
  let before: { agentId: string; conversationId: string; messages: string[] };
  const pgliteDir = join(stateDir, "workspace", ".eliza", ".elizadb");

  test("refused while Milady runs (how to stop it is named); nothing changes", async () => {
    // PGlite whatever MILADY_TEST_DB says: this is the source.
    const milady: MiladyProcess = await startMilady({ stateDir, env: { POSTGRES_URL: "" } });
    try {
      const status = await milady.json("/api/status");
      expect(status.db.kind).toBe("pglite");
      const { conversation } = await milady.json("/api/conversations", postJson({ title: "Moving day" }));
      for (const text of ["first on pglite", "second on pglite"]) {
        await milady.json(`/api/conversations/${conversation.id}/messages`, postJson({ text }));
      }
      const form = new FormData();
      form.append("file", new File(["Quokkaberry jam is made in the spring."], "jam.txt", { type: "text/plain" }));
      expect((await milady.api("/api/knowledge", { method: "POST", body: form })).status).toBe(201);
      const messages = (await milady.json(`/api/conversations/${conversation.id}/messages`)).messages.map(
        (m: { text: string }) => m.text,
      );
      before = { agentId: status.agentId, conversationId: conversation.id, messages };

      const refused = await cli(["db", "migrate", "--to", url]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("Milady is running");
      expect(refused.stderr).toContain("Stop it first");
      expect(refused.stderr).toContain("Nothing was changed");
    } finally {
      expect(await milady.stop()).toBe(0);
    }
    const file = join(stateDir, "milady.json");
    expect(existsSync(file) && readFileSync(file, "utf8").includes("postgres")).toBe(false);
  }, 180_000);

  test("copies every table, prints the counts, switches the config, leaves PGlite as it was", async () => {
    const pgliteBefore = digest(pgliteDir);
    const run = await cli(["db", "migrate", "--to", url]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/memories\s+\d+\s+\d+\s+equal/);
    expect(run.stdout).toMatch(/milady_knowledge_chunks\s+\d+\s+\d+\s+equal/);
    expect(run.stdout).not.toContain("DIFFERENT");
    expect(run.stdout).toContain("Switched to PostgreSQL");
    expect(run.stdout).not.toContain("s3cret-pw"); // the URL is shown masked everywhere
    expect(run.stdout).toContain(pgliteDir);
    const config = JSON.parse(readFileSync(join(stateDir, "milady.json"), "utf8"));
    expect(config.database.provider).toBe("postgres");
    expect(readFileSync(join(stateDir, ".env"), "utf8")).toContain(`POSTGRES_URL=${url}`);
    expect(digest(pgliteDir)).toBe(pgliteBefore);
  }, 180_000);

  test("the next start runs on PostgreSQL with the same agent, history and knowledge", async () => {
    const milady = await startMilady({ stateDir });
    try {
      const status = await milady.json("/api/status");
      expect(status.db.kind).toBe("postgres");
      expect(status.agentId).toBe(before.agentId);
      const messages = (await milady.json(`/api/conversations/${before.conversationId}/messages`)).messages.map(
        (m: { text: string }) => m.text,
      );
      expect(messages).toEqual(before.messages);
      const { hits } = await milady.json("/api/knowledge/search", postJson({ query: "quokkaberry jam", limit: 3 }));
      expect(hits[0].text).toContain("Quokkaberry jam");
      const more = await milady.json(
        `/api/conversations/${before.conversationId}/messages`,
        postJson({ text: "third, on postgres" }),
      );
      expect(more.reply.text).toBe("Echo: third, on postgres");
    } finally {
      await milady.stop();
    }
  }, 180_000);

  test("a second migrate is refused: already on PostgreSQL; and a target holding this agent needs --force", async () => {
    const again = await cli(["db", "migrate", "--to", url]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already uses PostgreSQL");
    // Back on PGlite (the fallback kept), a migrate to the database that has the agent is refused...
    expect((await cli(["config", "set", "database.provider", "pglite"])).code).toBe(0);
    const taken = await cli(["db", "migrate", "--to", url]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain("already holds this agent's data");
    expect(taken.stderr).toContain("--force");
    expect(taken.stderr + taken.stdout).not.toContain("s3cret-pw");
    // ...and with --force it replaces this agent's rows with the PGlite copy (the message sent on PostgreSQL goes).
    const forced = await cli(["db", "migrate", "--to", url, "--force"]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/memories\s+\d+\s+\d+\s+equal/);
  }, 180_000);
});

// Agent export / import with real processes (real Worker, PGlite, the scripted model test double):
// instance 1 chats in two conversations, gets a knowledge document, a trigger, a workspace file and a
// secret; its archive (with and without a password) is imported into empty state dirs by the CLI with
// Milady stopped, and a started Milady there is the same agent. Damaged, wrong-password, newer-version
// archives change nothing; --replace (through the running server's API) leaves a backup.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { MAIN, type MiladyProcess, postJson, removeDir, startMilady, tempStateDir } from "../support/milady-process";
import { databaseEnv } from "../support/test-database";

const dirs: string[] = [];
let first: MiladyProcess;
const SECRET = "gsk-archive-test-0123456789";
const PASSWORD = "correct horse battery staple";

async function cli(stateDir: string, args: string[], stdin?: string) {
  // The CLI's own agent (Milady stopped) must use the database the started Milady will (MILADY_TEST_DB).
  const database = await databaseEnv(stateDir);
  const proc = Bun.spawn([process.execPath, MAIN, ...args, "--state-dir", stateDir], {
    // A state dir that does not exist yet cannot be the working directory.
    cwd: existsSync(stateDir) ? stateDir : dirname(stateDir),
    stdin: stdin === undefined ? "ignore" : new TextEncoder().encode(stdin),
    stdout: "pipe",
    stderr: "pipe",
    env: {
      ...process.env,
      NO_COLOR: "1",
      MILADY_STATE_DIR: "",
      MILADY_API_TOKEN: "",
      MILADY_SCRIPTED_MODEL: "1",
      GROQ_API_KEY: "",
      POSTGRES_URL: "",
      ...database,
    },
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { stdout, stderr, code };
}

/** Everything a user sees of an agent: conversations with their messages, knowledge hits, triggers, workspace, character. */
async function snapshot(m: MiladyProcess) {
  const { conversations } = await m.json("/api/conversations");
  const withMessages = [];
  for (const c of [...conversations].sort((a: any, b: any) => a.id.localeCompare(b.id))) {
    const { messages } = await m.json(`/api/conversations/${c.id}/messages?limit=200`);
    withMessages.push({
      id: c.id,
      title: c.title,
      messages: messages.map((x: any) => ({ id: x.id, role: x.role, text: x.text })),
    });
  }
  const { hits } = await m.json("/api/knowledge/search", postJson({ query: "where do the otters sleep", limit: 3 }));
  const { triggers } = await m.json("/api/triggers");
  const character = await m.json("/api/character");
  return {
    conversations: withMessages,
    hits: hits.map((h: any) => ({ text: h.text, score: Math.round(h.score * 1e6) })),
    triggers: triggers.map((t: any) => ({
      id: t.id,
      name: t.name,
      prompt: t.prompt,
      conversationId: t.conversationId,
    })),
    memory: readFileSync(join(m.stateDir, "workspace", "MEMORY.md"), "utf8"),
    character: character.character?.name ?? character.name,
  };
}

function stateFiles(dir: string): string {
  const list = (d: string): string[] =>
    existsSync(d)
      ? readdirSync(d, { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? list(join(d, e.name)) : [join(d, e.name)],
        )
      : [];
  return list(dir)
    .filter((f) => !f.includes(".elizadb") && !f.endsWith(".log"))
    .sort()
    .map((f) => `${f}:${readFileSync(f).length}`)
    .join("\n");
}

let before: Awaited<ReturnType<typeof snapshot>>;
let plainArchive: string;
let sealedArchive: string;

beforeAll(async () => {
  const dir = tempStateDir("milady-archive-src-");
  dirs.push(dir);
  first = await startMilady({ stateDir: dir });
  for (const title of ["Otters", "Groceries"]) {
    const { conversation } = await first.json("/api/conversations", postJson({ title }));
    for (const text of [`hello from ${title}`, `second line in ${title}`]) {
      await first.json(`/api/conversations/${conversation.id}/messages`, postJson({ text }));
    }
  }
  const form = new FormData();
  form.append(
    "file",
    new Blob([
      "Otters sleep in rafts, holding paws so they do not drift apart.\n\nThe grocery list has apples and bread.",
    ]),
    "otters.txt",
  );
  const uploaded = await first.api("/api/knowledge", { method: "POST", body: form });
  expect(uploaded.status).toBe(201);
  const { conversations } = await first.json("/api/conversations");
  const created = await first.api(
    "/api/triggers",
    postJson({
      name: "daily",
      kind: "cron",
      cron: "0 9 * * *",
      prompt: "plan my day",
      conversationId: conversations[0].id,
    }),
  );
  expect(created.status).toBe(201);
  writeFileSync(join(dir, "workspace", "MEMORY.md"), "# Memory\n\nThe owner likes otters.\n");
  const envFile = join(dir, ".env");
  writeFileSync(envFile, `${existsSync(envFile) ? readFileSync(envFile, "utf8") : ""}GROQ_API_KEY=${SECRET}\n`);
  before = await snapshot(first);
  expect(before.conversations.length).toBe(2);
  expect(before.hits.length).toBeGreaterThan(0);
});

afterAll(async () => {
  if (first && first.proc.exitCode === null) await first.stop();
  for (const d of dirs) removeDir(d);
});

describe("agent archive", () => {
  test("export while the agent runs, without and with a password (the secret only sealed)", async () => {
    plainArchive = join(first.stateDir, "plain.milady");
    sealedArchive = join(first.stateDir, "sealed.milady");
    const plain = await cli(first.stateDir, ["export", "--out", plainArchive]);
    expect(plain.stderr).toBe("");
    expect(plain.code).toBe(0);
    const sealed = await cli(first.stateDir, ["export", "--out", sealedArchive, "--password-stdin"], `${PASSWORD}\n`);
    expect(sealed.code).toBe(0);
    for (const file of [plainArchive, sealedArchive]) {
      const files = await new Bun.Archive(readFileSync(file)).files();
      const manifest = JSON.parse(await files.get("manifest.json")!.text());
      expect(manifest.kind).toBe("milady-agent-archive");
      expect(manifest.tables.find((t: any) => t.name === "milady_knowledge_chunks").rows).toBeGreaterThan(0);
      // The secret never appears in clear in any entry.
      for (const [, f] of files) expect(await f.text()).not.toContain(SECRET);
    }
    const sealedFiles = await new Bun.Archive(readFileSync(sealedArchive)).files();
    expect(sealedFiles.has("secrets.json.enc")).toBe(true);
    expect((await new Bun.Archive(readFileSync(plainArchive)).files()).has("secrets.json.enc")).toBe(false);
  }, 120_000);

  test("import into an empty state dir (Milady stopped), then start: the same agent; the secret only with the password", async () => {
    for (const [archive, password] of [
      [sealedArchive, PASSWORD],
      [plainArchive, undefined],
    ] as const) {
      const dir = tempStateDir("milady-archive-dst-");
      dirs.push(dir);
      const result = await cli(dir, ["import", archive, ...(password ? ["--password-stdin"] : [])], password);
      expect(result.stderr.replace(/^warning:.*\n/gm, "")).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("Imported");
      // Same embedding model on both sides (the scripted one): no warning about the knowledge vectors.
      expect(result.stderr).not.toContain("knowledge vectors");
      const second = await startMilady({ stateDir: dir });
      try {
        expect(await snapshot(second)).toEqual(before);
        const env = existsSync(join(dir, ".env")) ? readFileSync(join(dir, ".env"), "utf8") : "";
        if (password) expect(env).toContain(SECRET);
        else expect(env).not.toContain(SECRET);
        expect(second.stderr()).not.toContain(SECRET);
      } finally {
        await second.stop();
      }
    }
  }, 240_000);

  test("a damaged, wrong-password, newer-version or foreign archive changes nothing and says why", async () => {
    const bytes = readFileSync(sealedArchive);
    const dir = first.stateDir;
    const cases: Array<[string, Uint8Array, string | undefined, RegExp]> = [];
    cases.push(["truncated", bytes.subarray(0, Math.floor(bytes.length / 2)), undefined, /damaged/]);
    const flipped = new Uint8Array(bytes);
    flipped[Math.floor(flipped.length / 2)] ^= 0x01;
    cases.push(["flipped", flipped, undefined, /damaged/]);
    cases.push(["wrong password", bytes, "not the password", /wrong password/]);
    const files = await new Bun.Archive(bytes).files();
    const entries: Record<string, Uint8Array> = {};
    for (const [path, f] of files) entries[path] = new Uint8Array(await f.arrayBuffer());
    const manifest = JSON.parse(new TextDecoder().decode(entries["manifest.json"]));
    entries["manifest.json"] = new TextEncoder().encode(JSON.stringify({ ...manifest, formatVersion: 99 }));
    cases.push([
      "newer",
      await new Bun.Archive(entries, { compress: "gzip" }).bytes(),
      undefined,
      /format version 99.*update Milady/s,
    ]);
    cases.push(["foreign", gzipSync(Buffer.from("just some text")), undefined, /damaged|not a Milady/]);
    const target = tempStateDir("milady-archive-untouched-");
    dirs.push(target);
    const empty = await cli(target, ["export", "--out", join(target, "x.milady")]);
    expect(empty.code).toBe(0);
    const beforeFiles = stateFiles(target);
    for (const [name, data, password, why] of cases) {
      const path = join(dir, `${name.replace(" ", "-")}.milady`);
      writeFileSync(path, data);
      const result = await cli(
        target,
        ["import", path, "--replace", ...(password ? ["--password-stdin"] : [])],
        password,
      );
      expect(result.code, name).not.toBe(0);
      expect(result.stderr, name).toMatch(why);
      expect(result.stderr, name).toContain("nothing was changed");
      expect(stateFiles(target), name).toBe(beforeFiles);
      // Into a state dir that does not exist yet: it still does not (no agent was started for it).
      const never = join(target, "never-made");
      const fresh = await cli(never, ["import", path, ...(password ? ["--password-stdin"] : [])], password);
      expect(fresh.code, name).not.toBe(0);
      expect(existsSync(join(never, "agent-id")) || existsSync(join(never, "workspace")), name).toBe(false);
    }
    // The same state dir takes a good archive (--replace with Milady stopped: the CLI's own agent) and keeps a backup.
    const good = await cli(target, ["import", plainArchive, "--replace"]);
    expect(good.code).toBe(0);
    const kept = /kept in (.+)\n/.exec(good.stdout)?.[1];
    expect(kept && readdirSync(kept).some((f) => f.endsWith(".milady"))).toBe(true);
    expect(readFileSync(join(target, "agent-id"), "utf8").trim()).toBe(
      readFileSync(join(first.stateDir, "agent-id"), "utf8").trim(),
    );
  }, 240_000);

  test("into a state dir with conversations: refused; --replace (running Milady, over the API) keeps a backup", async () => {
    const refused = await cli(first.stateDir, ["import", plainArchive]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("--replace");
    // A second agent's archive replaces the first one's state.
    const dir = tempStateDir("milady-archive-other-");
    dirs.push(dir);
    const other = await startMilady({ stateDir: dir });
    const { conversation } = await other.json("/api/conversations", postJson({ title: "Other" }));
    await other.json(`/api/conversations/${conversation.id}/messages`, postJson({ text: "from the other agent" }));
    await other.stop();
    const otherArchive = join(dir, "other.milady");
    expect((await cli(dir, ["export", "--out", otherArchive])).code).toBe(0);

    const replaced = await cli(first.stateDir, ["import", otherArchive, "--replace"]);
    expect(replaced.stderr.replace(/^warning:.*\n/gm, "")).toBe("");
    expect(replaced.code).toBe(0);
    const backup = /kept in (.+)\n/.exec(replaced.stdout)?.[1];
    expect(backup).toBeDefined();
    const kept = readdirSync(backup!);
    expect(kept.some((f) => f.endsWith(".milady"))).toBe(true);
    expect(kept).toContain(".env");
    expect(readFileSync(join(backup!, "files", "workspace", "MEMORY.md"), "utf8")).toContain("otters");
    // The running Milady restarted on the other agent.
    const deadline = Date.now() + 60_000;
    let titles: string[] = [];
    while (Date.now() < deadline) {
      const status = await first.json("/api/status").catch(() => undefined);
      if (status?.state === "running") {
        titles = (await first.json("/api/conversations")).conversations.map((c: any) => c.title);
        if (titles.includes("Other")) break;
      }
      await Bun.sleep(200);
    }
    expect(titles).toEqual(["Other"]);
    // The backup archive brings the first agent back.
    const restore = kept.find((f) => f.endsWith(".milady"))!;
    const back = await cli(first.stateDir, ["import", join(backup!, restore), "--replace"]);
    expect(back.code).toBe(0);
    const until = Date.now() + 60_000;
    while (Date.now() < until) {
      const status = await first.json("/api/status").catch(() => undefined);
      if (status?.state === "running") {
        const { conversations } = await first.json("/api/conversations");
        if (conversations.length === 2) break;
      }
      await Bun.sleep(200);
    }
    expect((await snapshot(first)).conversations).toEqual(before.conversations);
  }, 240_000);
});

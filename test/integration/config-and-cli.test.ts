// The CLI as a user drives it: bad config refused without touching the file,
// config get/set/show with masked secrets, setup without a wizard, doctor.
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MAIN, removeDir, tempStateDir } from "../support/milady-process";

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) removeDir(d);
  dirs = [];
});

function state(): string {
  const dir = tempStateDir("milady-cli-");
  dirs.push(dir);
  return dir;
}

async function milady(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}) {
  const proc = Bun.spawn([process.execPath, MAIN, ...args], {
    stdin: options.stdin !== undefined ? new Blob([options.stdin]) : "ignore",
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, NO_COLOR: "1", MILADY_STATE_DIR: "", OPENAI_API_KEY: "", ...options.env },
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { stdout, stderr, code };
}

describe("configuration errors", () => {
  test("an invalid milady.json stops start with exit 78, names file and key, and is left as it was", async () => {
    const dir = state();
    const file = join(dir, "milady.json");
    const content = JSON.stringify({ server: { port: 70000 } }, null, 2);
    writeFileSync(file, content);
    const { code, stderr } = await milady(["start", "--cli", "--state-dir", dir]);
    expect(code).toBe(78);
    expect(stderr).toContain(file);
    expect(stderr).toContain("server.port");
    expect(readFileSync(file, "utf8")).toBe(content);
  });

  test("an unknown key inside character stops start with exit 78 naming character.foo; a 0.x character loads", async () => {
    const dir = state();
    const file = join(dir, "milady.json");
    const character = {
      name: "Wren",
      bio: "Keeps the lighthouse.",
      lore: ["Rowed out in the January gale."],
      messageExamples: [
        [
          { user: "{{user1}}", content: { text: "Storm tonight?" } },
          { user: "Wren", content: { text: "Barometer says so." } },
        ],
      ],
    };
    const content = JSON.stringify({ character: { ...character, foo: true } }, null, 2);
    writeFileSync(file, content);
    const refused = await milady(["start", "--cli", "--state-dir", dir]);
    expect(refused.code).toBe(78);
    expect(refused.stderr).toContain(file);
    expect(refused.stderr).toContain("character.foo: unknown key");
    expect(readFileSync(file, "utf8")).toBe(content);

    writeFileSync(file, JSON.stringify({ character }));
    const shown = await milady(["config", "show", "--json", "--state-dir", dir]);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout).config.character.bio).toEqual([
      "Keeps the lighthouse.",
      "Rowed out in the January gale.",
    ]);
  });

  test("broken JSON is reported, not overwritten", async () => {
    const dir = state();
    writeFileSync(join(dir, "milady.json"), "{ nope");
    const { code, stderr } = await milady(["config", "set", "server.port", "3000", "--state-dir", dir]);
    expect(code).toBe(78);
    expect(stderr).toContain("not valid JSON");
    expect(readFileSync(join(dir, "milady.json"), "utf8")).toBe("{ nope");
  });

  test("a bad flag value is refused with what is allowed", async () => {
    const { code, stderr } = await milady(["start", "--cli", "--port", "eighty", "--state-dir", state()]);
    expect(code).not.toBe(0);
    expect(stderr).toContain("port");
  });
});

describe("config commands", () => {
  test("set, get, show --json, path; secrets masked", async () => {
    const dir = state();
    expect((await milady(["config", "set", "server.port", "4321", "--state-dir", dir])).code).toBe(0);
    expect((await milady(["config", "get", "server.port", "--state-dir", dir])).stdout.trim()).toBe("4321");
    const rejected = await milady(["config", "set", "server.port", "-5", "--state-dir", dir]);
    expect(rejected.code).not.toBe(0);
    expect(rejected.stderr).toContain("server.port");
    expect(
      (await milady(["config", "set", "OPENAI_API_KEY", "sk-live-abcdefghijklmnop", "--state-dir", dir])).code,
    ).toBe(0);
    const shown = await milady(["config", "show", "--json", "--state-dir", dir]);
    expect(shown.stdout).not.toContain("abcdefghijklmnop");
    const view = JSON.parse(shown.stdout);
    expect(view.config.server.port).toBe(4321);
    expect(view.secrets.OPENAI_API_KEY).toMatch(/^sk-…/);
    expect((await milady(["config", "get", "OPENAI_API_KEY", "--state-dir", dir])).stdout).not.toContain(
      "abcdefghijklmnop",
    );
    expect((await milady(["config", "path", "--state-dir", dir])).stdout.trim()).toBe(join(dir, "milady.json"));
    expect(readFileSync(join(dir, ".env"), "utf8")).toContain("OPENAI_API_KEY=sk-live-abcdefghijklmnop");
  });

  test("typos and prototype keys are refused with exit 78 and nothing is written", async () => {
    const dir = state();
    expect((await milady(["config", "set", "server.port", "4321", "--state-dir", dir])).code).toBe(0);
    const before = readFileSync(join(dir, "milady.json"), "utf8");
    for (const [key, value] of [
      ["server.bnd", "0.0.0.0"],
      ["models.local.pathh", "/x.gguf"],
      ["__proto__.polluted", "1"],
      ["server.constructor", "1"],
    ]) {
      const run = await milady(["config", "set", key, value, "--state-dir", dir]);
      expect([key, run.code]).toEqual([key, 78]);
      expect(run.stderr).toContain(key.split(".").at(-1)!);
    }
    expect(readFileSync(join(dir, "milady.json"), "utf8")).toBe(before);
    // The same typo in the file stops a start, naming the key.
    writeFileSync(join(dir, "milady.json"), JSON.stringify({ server: { port: 0, bnd: "0.0.0.0" } }));
    const start = await milady(["start", "--cli", "--state-dir", dir]);
    expect(start.code).toBe(78);
    expect(start.stderr).toContain("bnd");
  });

  test("--profile keeps its own state directory", async () => {
    const home = state();
    const env = { HOME: home };
    expect((await milady(["--profile", "work", "config", "set", "server.port", "2200"], { env })).code).toBe(0);
    expect(existsSync(join(home, ".milady-work", "milady.json"))).toBe(true);
    expect((await milady(["config", "get", "server.port"], { env })).stdout.trim()).toBe("2138");
    expect((await milady(["--profile", "../x", "config", "path"], { env })).code).not.toBe(0);
  });
});

describe("setup and doctor", () => {
  test("setup --no-wizard with --key-stdin writes config and the key", async () => {
    const dir = state();
    const run = await milady(
      ["setup", "--no-wizard", "--name", "Nova", "--provider", "groq", "--key-stdin", "--state-dir", dir],
      {
        stdin: "gsk_secret_value_123456\n",
      },
    );
    expect(run.code).toBe(0);
    expect(run.stderr + run.stdout).not.toContain("gsk_secret_value_123456");
    const config = JSON.parse(readFileSync(join(dir, "milady.json"), "utf8"));
    expect(config.character.name).toBe("Nova");
    expect(config.models.provider).toBe("groq");
    expect(config.ui.onboardingCompleted).toBe(true);
    expect(readFileSync(join(dir, ".env"), "utf8")).toContain("GROQ_API_KEY=gsk_secret_value_123456");
    // The persona follows the name.
    expect(JSON.stringify(config.character)).not.toContain("Milady");
    expect(config.character.system).toContain("You are Nova");
  });

  test("setup without a terminal and without answers says what to pass, exits 2 and changes nothing", async () => {
    const dir = state();
    const run = await milady(["setup", "--state-dir", dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--no-wizard");
    expect(run.stderr).toContain("--provider");
    expect(existsSync(join(dir, "milady.json"))).toBe(false);
    expect((await milady(["setup", "--no-wizard", "--state-dir", dir])).code).toBe(2);
    expect(existsSync(join(dir, "milady.json"))).toBe(false);
  });

  test("setup refuses a choice that cannot work: a cloud provider without a key, a model that is not a GGUF", async () => {
    const dir = state();
    const noKey = await milady(["setup", "--no-wizard", "--provider", "openai", "--state-dir", dir]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain("OPENAI_API_KEY");
    expect(noKey.stderr).toContain("--key-stdin");
    const notes = join(dir, "notes.txt");
    writeFileSync(notes, "hello");
    const badModel = await milady([
      "setup",
      "--no-wizard",
      "--provider",
      "local",
      "--model",
      notes,
      "--state-dir",
      dir,
    ]);
    expect(badModel.code).toBe(78);
    expect(badModel.stderr).toContain("not a GGUF");
    expect(badModel.stderr).toContain("Nothing was changed");
    const missing = await milady(["setup", "--no-wizard", "--model", join(dir, "nope.gguf"), "--state-dir", dir]);
    expect(missing.code).toBe(78);
    expect(missing.stderr).toContain("does not exist");
    expect(existsSync(join(dir, "milady.json"))).toBe(false);
  });

  test("doctor --json reports each check with a fix; a non-GGUF model fails", async () => {
    const dir = state();
    mkdirSync(join(dir, "models"), { recursive: true });
    writeFileSync(join(dir, "models", "fake.gguf"), "<html>not a model</html>");
    // `config set` refuses a non-GGUF model, so the file is written the way a hand edit would.
    const refused = await milady(["config", "set", "models.local.path", "fake.gguf", "--state-dir", dir]);
    expect(refused.code).toBe(78);
    writeFileSync(join(dir, "milady.json"), JSON.stringify({ models: { local: { path: "fake.gguf" } } }));
    await milady(["config", "set", "server.port", "0", "--state-dir", dir]);
    const { stdout, code } = await milady(["doctor", "--json", "--state-dir", dir]);
    const report = JSON.parse(stdout);
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    const byName = Object.fromEntries(report.checks.map((c: any) => [c.name, c]));
    expect(byName.runtime.status).toBe("ok");
    expect(byName["state directory"].status).toBe("ok");
    expect(byName.database.status).toBe("ok");
    expect(byName.model.status).toBe("fail");
    expect(byName.model.detail).toContain("not a GGUF");
    expect(byName.model.fix).toBeTruthy();
    expect(byName.disk).toBeDefined();
  });

  test("--help works for every command", async () => {
    for (const args of [
      ["--help"],
      ["start", "--help"],
      ["config", "--help"],
      ["setup", "--help"],
      ["doctor", "--help"],
      ["models", "--help"],
    ]) {
      const { code, stdout } = await milady(args);
      expect(code).toBe(0);
      expect(stdout).toContain("Usage: milady");
    }
  });
});

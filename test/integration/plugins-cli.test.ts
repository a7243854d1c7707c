// `milady plugins ...` and `milady config set` driving the real `milady` binary, first on a state
// dir with no Milady running (it writes the state itself), then against a running Milady (it goes
// through the API, so the server's config store stays the source of truth and a restart is pending).
// Installs are real `npm install`s of a plugin the test packs (offline); search asks the real registry.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MAIN, type MiladyProcess, removeDir, runCli, startMilady, tempStateDir } from "../support/milady-process";
import { packPluginPackage, TEST_PLUGIN_PARAMETERS, writePluginPackage } from "../support/plugin-packages";
import { until } from "../support/until";

const NAME = "milady-test-cli-weather";
const SECRET = "wk_cli_0123456789abcdef";
let stateDir: string;
let tarball: string;

const ROOT_DIR = join(import.meta.dir, "..", "..");
const cli = (args: string[], dir = stateDir) => runCli(dir, args);
const fileConfig = (dir = stateDir) => JSON.parse(readFileSync(join(dir, "milady.json"), "utf8"));

beforeAll(() => {
  stateDir = tempStateDir("milady-plugins-cli-");
  tarball = packPluginPackage({ name: NAME, version: "0.3.0", parameters: TEST_PLUGIN_PARAMETERS });
});
afterAll(() => removeDir(stateDir));

describe("milady plugins, with no Milady running", () => {
  test("install records it and says it applies at the next start", async () => {
    const run = await cli(["plugins", "install", tarball]);
    expect(run.stderr).toContain("linking:");
    expect(run.stdout).toContain(`Installed ${NAME}@0.3.0`);
    expect(run.stderr).toContain("It applies when Milady next starts.");
    expect(run.code).toBe(0);
    expect(fileConfig().plugins.installs[NAME].version).toBe("0.3.0");
    expect(existsSync(join(stateDir, "plugins", "installed", "node_modules", NAME, "index.js"))).toBe(true);
  }, 120_000);

  test("list, info and configure (the secret shown masked, stored in .env)", async () => {
    const list = await cli(["plugins", "list", "--json"]);
    expect(JSON.parse(list.stdout)).toContainEqual(
      expect.objectContaining({ name: NAME, status: "pending", source: "installed" }),
    );
    // Milady is stopped: the core plugins come from the plan of the next start.
    expect(JSON.parse(list.stdout)).toContainEqual(
      expect.objectContaining({ name: "@elizaos/plugin-bootstrap", status: "pending", source: "core" }),
    );
    // A short name finds the plugin, as it does in plugins.disabled.
    expect((await cli(["plugins", "info", "bootstrap"])).stdout).toContain("@elizaos/plugin-bootstrap");
    const info = await cli(["plugins", "info", NAME]);
    expect(info.stdout).toContain("WEATHER_API_KEY = (not set)  [required, secret]");
    const set = await cli(["plugins", "configure", NAME, "WEATHER_CITY=Oslo", `WEATHER_API_KEY=${SECRET}`]);
    expect(set.code).toBe(0);
    expect(set.stdout + set.stderr).not.toContain(SECRET);
    expect(set.stdout).toContain("WEATHER_CITY = Oslo");
    expect(readFileSync(join(stateDir, ".env"), "utf8")).toContain(SECRET);
    expect(JSON.stringify(fileConfig())).not.toContain(SECRET);
    // `config get` masks a plugin's secret like Milady's own.
    const get = await cli(["config", "get", "WEATHER_API_KEY"]);
    expect(get.stdout.trim()).toBe("wk_…cdef");
  }, 120_000);

  test("disable, enable, eject, paths, add-path", async () => {
    expect((await cli(["plugins", "disable", NAME])).code).toBe(0);
    expect(fileConfig().plugins.disabled).toEqual([NAME]);
    expect((await cli(["plugins", "enable", NAME])).code).toBe(0);
    expect(fileConfig().plugins.disabled).toEqual([]);
    const eject = await cli(["plugins", "eject", NAME]);
    expect(eject.stdout).toContain(join(stateDir, "plugins", "ejected", NAME));
    expect(readFileSync(join(stateDir, "plugins", "ejected", NAME, "EJECTED.md"), "utf8")).toContain("0.3.0");
    const extra = join(stateDir, "my-plugins");
    writePluginPackage(join(extra, "one"), { name: "milady-test-one" });
    const add = await cli(["plugins", "add-path", extra]);
    expect(add.code).toBe(0);
    expect(fileConfig().plugins.load.paths).toEqual([extra]);
    const paths = await cli(["plugins", "paths"]);
    expect(paths.stdout).toMatch(/ejected\s+\S+ejected\s+milady-test-cli-weather/);
    expect(paths.stdout).toContain(`${extra}  milady-test-one`);
    const missing = await cli(["plugins", "add-path", join(stateDir, "nope")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such directory");
    // Milady's own tree is not a plugin directory (it would load its whole node_modules).
    for (const own of [join(ROOT_DIR, "node_modules"), ROOT_DIR]) {
      const refused = await cli(["plugins", "add-path", own]);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain("Milady's own installation");
    }
    expect(fileConfig().plugins.load.paths).toEqual([extra]);
  }, 120_000);

  test("bad names and unknown packages are clear errors", async () => {
    const unknown = await cli(["plugins", "install", "@elizaos/plugin-does-not-exist-milady-cli"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no such package on the npm registry");
    const info = await cli(["plugins", "info", "no-such-plugin-here"]);
    expect(info.code).toBe(2);
    expect(info.stderr).toContain("there is no plugin named no-such-plugin-here");
    const configure = await cli(["plugins", "configure", NAME, "oops"]);
    expect(configure.code).toBe(2);
    expect(configure.stderr).toContain("is not KEY=VALUE");
  }, 120_000);

  test("search finds @elizaos plugins on the real registry", async () => {
    const run = await cli(["plugins", "search", "mcp", "--json"]);
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout) as { results: { name: string }[] };
    expect(answer.results.some((r) => r.name.startsWith("@elizaos/plugin-"))).toBe(true);
  }, 120_000);

  test("config set takes JSON values; invalid JSON for a non-string key is a clear error", async () => {
    expect((await cli(["config", "set", "plugins.deny", '["milady-test-denied"]'])).code).toBe(0);
    expect(fileConfig().plugins.deny).toEqual(["milady-test-denied"]);
    expect((await cli(["config", "set", "features.shellEnabled", "true"])).code).toBe(0);
    expect(fileConfig().features.shellEnabled).toBe(true);
    expect(
      (await cli(["config", "set", "mcp.servers", '{"files": {"command": "npx", "args": ["-y", "x"]}}'])).code,
    ).toBe(0);
    expect(fileConfig().mcp.servers.files.args).toEqual(["-y", "x"]);
    expect((await cli(["config", "set", "server.port", "3123"])).code).toBe(0);
    expect(fileConfig().server.port).toBe(3123);
    const broken = await cli(["config", "set", "plugins.deny", "[milady-test-denied"]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain("plugins.deny takes JSON (an array)");
    expect(broken.stderr).toContain(`'["name"]'`);
    expect(fileConfig().plugins.deny).toEqual(["milady-test-denied"]);
    // A string key still takes plain text.
    expect((await cli(["config", "set", "character.name", "Remilia"])).code).toBe(0);
    expect(fileConfig().character.name).toBe("Remilia");
    const list = await cli(["plugins", "list", "--json"]);
    expect(JSON.parse(list.stdout)).toContainEqual(
      expect.objectContaining({ name: "milady-test-denied", status: "denied" }),
    );
  }, 120_000);

  test("uninstall removes package and record", async () => {
    const run = await cli(["plugins", "uninstall", NAME]);
    expect(run.code).toBe(0);
    expect(fileConfig().plugins.installs[NAME]).toBeUndefined();
    expect(existsSync(join(stateDir, "plugins", "installed", "node_modules", NAME))).toBe(false);
  }, 120_000);
});

describe("milady plugins, with Milady running", () => {
  let milady: MiladyProcess;
  let dir: string;
  beforeAll(async () => {
    dir = tempStateDir("milady-plugins-cli-live-");
    mkdirSync(dir, { recursive: true });
    // A record whose directory is gone (deleted by hand): the start repairs it.
    const ghost = {
      spec: "ghost-plugin@1.0.0",
      version: "1.0.0",
      path: join(dir, "gone"),
      installedAt: "2026-01-01T00:00:00Z",
    };
    writeFileSync(join(dir, "milady.json"), JSON.stringify({ plugins: { installs: { "ghost-plugin": ghost } } }));
    milady = await startMilady({ stateDir: dir });
  }, 120_000);
  afterAll(async () => {
    if (milady.proc.exitCode === null) await milady.stop();
    removeDir(dir);
  });

  test("a broken install record is repaired at start", async () => {
    expect(fileConfig(dir).plugins.installs["ghost-plugin"]).toBeUndefined();
    await until(() => milady.stderr().includes("ghost-plugin"), 10_000, "the repair's log line");
    expect(milady.stderr()).toContain("its install record was removed");
  });

  test("list comes from the running agent", async () => {
    const run = await cli(["plugins", "list", "--json"], dir);
    expect(JSON.parse(run.stdout)).toContainEqual(
      expect.objectContaining({ name: "@elizaos/plugin-sql", status: "loaded" }),
    );
  }, 120_000);

  test("install goes through the API: the server's config has it and offers the restart", async () => {
    const run = await cli(["plugins", "install", tarball], dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("Restart the agent to apply");
    const { plugins } = await milady.json("/api/plugins");
    expect(plugins).toContainEqual(expect.objectContaining({ name: NAME, installed: true }));
    await until(async () => (await milady.json("/api/status")).restartPending === true, 10_000, "restartPending");
    const configure = await cli(["plugins", "configure", NAME, `WEATHER_API_KEY=${SECRET}`], dir);
    expect(configure.code).toBe(0);
    expect(configure.stdout).not.toContain(SECRET);
    const view = await milady.json("/api/config");
    expect(view.secrets.WEATHER_API_KEY).toBe("wk_…cdef");
    const uninstall = await cli(["plugins", "uninstall", NAME], dir);
    expect(uninstall.code).toBe(0);
    expect((await milady.json("/api/plugins")).plugins.some((p: { name: string }) => p.name === NAME)).toBe(false);
  }, 120_000);

  test("an agent restart (what the dashboard offers) clears restartPending", async () => {
    await milady.json("/api/agent/restart", { method: "POST" });
    await until(
      async () => {
        const status = await milady.json("/api/status");
        return status.state === "running" && status.restartPending === false;
      },
      60_000,
      "the agent to restart",
    );
  }, 120_000);
});

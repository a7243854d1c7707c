// `milady update` against a fake npm registry on loopback (a test double of the real one):
// --check and --json per channel, an unreachable registry, the install method's commands, the
// real npm installing from what the registry serves, and the once-a-day check at start.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pkg from "../../package.json" with { type: "json" };
import { type FakeRegistry, startFakeRegistry } from "../support/fake-registry";
import { MAIN, removeDir, startMilady, tempStateDir } from "../support/milady-process";
import { until } from "../support/until";

let registry: FakeRegistry;
const stateDir = tempStateDir("milady-update-");
beforeAll(async () => {
  registry = await startFakeRegistry([
    { name: pkg.name, distTags: { latest: "99.1.0", beta: "99.2.0-beta.1" }, installable: ["99.1.0"] },
  ]);
}, 120_000);
afterAll(() => {
  registry.stop();
  removeDir(stateDir);
});

async function milady(args: string[], env: Record<string, string> = {}) {
  const proc = Bun.spawn([process.execPath, MAIN, ...args, "--state-dir", stateDir], {
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, NO_COLOR: "1", MILADY_STATE_DIR: "", MILADY_UPDATE_REGISTRY: registry.url, ...env },
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { stdout, stderr, code };
}

describe("milady update", () => {
  test("--check --json per channel; status remembers the check", async () => {
    const stable = await milady(["update", "--check", "--json"]);
    expect(stable.code).toBe(0);
    expect(JSON.parse(stable.stdout)).toEqual({
      current: pkg.version,
      latest: "99.1.0",
      channel: "stable",
      updateAvailable: true,
    });
    const beta = JSON.parse((await milady(["update", "--check", "--json", "--channel", "beta"])).stdout);
    expect(beta).toMatchObject({ latest: "99.2.0-beta.1", channel: "beta", updateAvailable: true });
    const human = await milady(["update", "--check"]);
    expect(human.stdout).toContain("99.1.0 is available");
    const status = JSON.parse((await milady(["update", "status", "--json"])).stdout);
    expect(status).toMatchObject({ current: pkg.version, channel: "stable", install: "git" });
    expect(status.lastCheck.result.latest).toBe("99.1.0");
    expect(registry.requests.every((r) => r === `GET /${pkg.name}`)).toBe(true);
  });

  test("an unreachable registry is a clear message and exit 1", async () => {
    const down = await milady(["update", "--check"], { MILADY_UPDATE_REGISTRY: "http://127.0.0.1:1/" });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain("did not answer");
    expect(down.stderr).toContain("127.0.0.1:1");
  });

  test("from a git checkout it prints the commands it would run (--dry-run)", async () => {
    const run = await milady(["update", "--dry-run"]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split("\n")).toEqual(["git pull --ff-only", "npm install --no-audit --no-fund"]);
  });

  test("a global npm install's command really installs the new version from the registry", async () => {
    const prefix = mkdtempSync(join(tmpdir(), "milady-npm-prefix-"));
    const proc = Bun.spawn(["npm", "install", "-g", `${pkg.name}@latest`, "--registry", registry.url], {
      stdout: "pipe",
      stderr: "pipe",
      env: { ...process.env, npm_config_prefix: prefix, npm_config_audit: "false", npm_config_fund: "false" },
    });
    const [err, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
    expect([code, err]).toEqual([0, expect.any(String)]);
    const installed = await Bun.file(join(prefix, "lib", "node_modules", pkg.name, "package.json")).json();
    expect(installed.version).toBe("99.1.0");
    rmSync(prefix, { recursive: true, force: true });
  }, 120_000);

  test("start checks once a day in the background and says so in one line; never with MILADY_NO_UPDATE_CHECK or CI", async () => {
    const dir = tempStateDir("milady-update-start-");
    const before = registry.requests.length;
    const first = await startMilady({ stateDir: dir, env: { MILADY_UPDATE_REGISTRY: registry.url, CI: "" } });
    await until(() => first.stderr().includes("99.1.0 is available"), 15_000, "the update line");
    await first.stop();
    expect(registry.requests.length).toBe(before + 1);
    expect(existsSync(join(dir, "update-check.json"))).toBe(true);
    const second = await startMilady({ stateDir: dir, env: { MILADY_UPDATE_REGISTRY: registry.url, CI: "" } });
    await second.stop();
    expect(registry.requests.length).toBe(before + 1); // checked today already
    const quiet = tempStateDir("milady-update-quiet-");
    const quietEnvs: Record<string, string>[] = [{ MILADY_NO_UPDATE_CHECK: "1", CI: "" }, { CI: "true" }];
    for (const env of quietEnvs) {
      const m = await startMilady({ stateDir: quiet, env: { MILADY_UPDATE_REGISTRY: registry.url, ...env } });
      await m.stop();
    }
    expect(registry.requests.length).toBe(before + 1);
    removeDir(dir);
    removeDir(quiet);
  }, 120_000);
});

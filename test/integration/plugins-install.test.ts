// The plugin installer against the real npm registry: a real `npm install` into a temp state
// dir, Milady's own @elizaos/core as the only copy (measured by module identity in Bun),
// install scripts off unless allowed, the record in milady.json, uninstall, repair.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { execFileSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as miladyCoreModule from "@elizaos/core";
import { FileConfigStore, resolveStatePaths } from "../../src-main/config";
import { createLogger, LogHub } from "../../src-main/logging";
import { createPluginInstaller, type InstallProgress, type PluginInstaller } from "../../src-main/plugins";
import { findCoreCopies, miladyCore } from "../../src-main/plugins/core-link";
import { packPluginPackage } from "../support/plugin-packages";

let stateDir: string;
let store: FileConfigStore;
let installer: PluginInstaller;
const hub = new LogHub("error");

beforeAll(() => {
  stateDir = mkdtempSync(join(tmpdir(), "milady-plugins-"));
  store = new FileConfigStore({ paths: resolveStatePaths({ stateDir, env: {} }), env: {}, cwd: stateDir });
  installer = createPluginInstaller({ stateDir, config: store, log: createLogger(hub, "plugins") });
});
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

/** A tiny package whose postinstall writes a marker file: proof of whether install scripts ran. */
function scriptedTarball(dir: string, marker: string): string {
  const pkg = join(dir, "pkg");
  mkdirSync(pkg, { recursive: true });
  writeFileSync(
    join(pkg, "package.json"),
    JSON.stringify({
      name: "milady-test-scripted-plugin",
      version: "1.0.0",
      main: "index.js",
      keywords: ["elizaos-plugins"],
      scripts: { postinstall: `node -e "require('fs').writeFileSync('${marker}', 'ran')"` },
    }),
  );
  writeFileSync(join(pkg, "index.js"), "module.exports = { name: 'scripted', description: 'test' };\n");
  execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: pkg, stdio: "ignore" });
  return join(dir, "milady-test-scripted-plugin-1.0.0.tgz");
}

describe("plugin installer (real npm registry)", () => {
  test("@elizaos/plugin-mcp@1.8.2 (peer @elizaos/core: *) installs under plugins/installed without pulling a core", async () => {
    const events: InstallProgress[] = [];
    const result = await installer.install("@elizaos/plugin-mcp@1.8.2", { onProgress: (p) => events.push(p) });
    const installed = join(stateDir, "plugins", "installed");
    expect(result.name).toBe("@elizaos/plugin-mcp");
    expect(result.version).toBe("1.8.2");
    expect(result.path).toBe(join(installed, "node_modules", "@elizaos", "plugin-mcp"));
    expect(existsSync(join(result.path, "dist", "index.js"))).toBe(true);
    // Progress came from npm's own output, in order.
    const phases = events.map((e) => e.phase);
    expect(phases).toContain("downloading");
    expect(phases.indexOf("resolving")).toBeLessThan(phases.indexOf("linking"));
    expect(phases.at(-1)).toBe("done");

    // The peer `*` did not pull a newer core: the only @elizaos/core is the link to Milady's.
    expect(findCoreCopies(join(installed, "node_modules"))).toEqual([]);
    const link = join(installed, "node_modules", "@elizaos", "core");
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(realpathSync(link)).toBe(miladyCore().dir);
    // Measured: 1.8.2 imports getRequestContext, which core 1.7.2 lacks; the skew is named at install.
    expect(result.warnings.join("\n")).toContain("getRequestContext");
    // (in a child Bun: a module that failed to link stays cached under its path in this one)
    const child = Bun.spawnSync([
      process.execPath,
      "-e",
      `await import(${JSON.stringify(Bun.resolveSync("@elizaos/plugin-mcp", installed))})`,
    ]);
    expect(child.exitCode).not.toBe(0);
    expect(child.stderr.toString()).toContain("getRequestContext");

    // Recorded in milady.json through the config store.
    const file = JSON.parse(readFileSync(store.paths.configFile, "utf8"));
    expect(file.plugins.installs["@elizaos/plugin-mcp"]).toMatchObject({
      spec: "@elizaos/plugin-mcp@1.8.2",
      version: "1.8.2",
    });
    expect(installer.installed()["@elizaos/plugin-mcp"]?.path).toBe(result.path);
    // Milady's own node_modules was never touched.
    expect(existsSync(join(miladyCore().dir, "..", "plugin-mcp"))).toBe(false);
  }, 180_000);

  test("@elizaos/plugin-mcp@1.3.5 (core as a regular dependency) loses its copy and runs on Milady's core instance", async () => {
    const result = await installer.install("@elizaos/plugin-mcp@1.3.5");
    const installed = join(stateDir, "plugins", "installed");
    expect(result.version).toBe("1.3.5");
    expect(result.warnings).toEqual([]);
    expect(findCoreCopies(join(installed, "node_modules"))).toEqual([]);
    // Measured: the plugin's `import "@elizaos/core"` is Milady's module instance.
    expect(Bun.resolveSync("@elizaos/core", result.path)).toBe(Bun.resolveSync("@elizaos/core", import.meta.dir));
    const plugin = (await import(Bun.resolveSync("@elizaos/plugin-mcp", installed))) as {
      McpService: unknown;
      default: { name: string };
    };
    expect(plugin.default.name).toBe("mcp");
    expect(Object.getPrototypeOf(plugin.McpService)).toBe(miladyCoreModule.Service);
    expect(installer.installed()["@elizaos/plugin-mcp"]?.version).toBe("1.3.5");
  }, 180_000);

  test("install scripts do not run unless allowed", async () => {
    const work = mkdtempSync(join(tmpdir(), "milady-scripted-"));
    const marker = join(work, "postinstall-ran");
    const tarball = scriptedTarball(work, marker);
    const off = await installer.install(tarball);
    expect(off.name).toBe("milady-test-scripted-plugin");
    expect(off.spec).toBe(join(stateDir, "plugins", "installed", "tarballs", "milady-test-scripted-plugin-1.0.0.tgz"));
    expect(existsSync(join(off.path, "package.json"))).toBe(true);
    expect(existsSync(marker)).toBe(false);
    await installer.uninstall(off.name);
    const on = await installer.install(tarball, { allowScripts: true });
    expect(on.allowScripts).toBe(true);
    expect(existsSync(marker)).toBe(true);
    await installer.uninstall(on.name);
    // The tarball's copy kept for later npm runs goes with the package.
    expect(existsSync(on.spec)).toBe(false);
    rmSync(work, { recursive: true, force: true });
  }, 180_000);

  test("two installers on one state dir (the connectors and the plugins service) never run npm at once", async () => {
    const other = createPluginInstaller({ stateDir, config: store, log: createLogger(hub, "connectors") });
    const [a, b] = [
      packPluginPackage({ name: "milady-test-para-a" }),
      packPluginPackage({ name: "milady-test-para-b" }),
    ];
    const done = await Promise.all([installer.install(a), other.install(b)]);
    expect(done.map((d) => d.name)).toEqual(["milady-test-para-a", "milady-test-para-b"]);
    const nodeModules = join(stateDir, "plugins", "installed", "node_modules");
    expect(existsSync(join(nodeModules, "milady-test-para-a", "package.json"))).toBe(true);
    expect(existsSync(join(nodeModules, "milady-test-para-b", "package.json"))).toBe(true);
    // Two npm runs at once would each write package.json from what they read: one would be lost.
    const deps = JSON.parse(readFileSync(join(stateDir, "plugins", "installed", "package.json"), "utf8")).dependencies;
    expect(Object.keys(deps)).toEqual(expect.arrayContaining(["milady-test-para-a", "milady-test-para-b"]));
    await installer.uninstall("milady-test-para-a");
    await other.uninstall("milady-test-para-b");
    expect(findCoreCopies(nodeModules)).toEqual([]);
  }, 120_000);

  test("an unknown package is a clear not_found, and nothing is recorded", async () => {
    const before = Object.keys(installer.installed());
    const error = await installer.install("@elizaos/plugin-does-not-exist-milady-test").catch((e) => e);
    expect(error.code).toBe("not_found");
    expect(error.message).toContain("no such package on the npm registry");
    expect(Object.keys(installer.installed())).toEqual(before);
    await expect(installer.install("not a name!")).rejects.toThrow("is not a package name");
    await expect(installer.install("@elizaos/core")).rejects.toThrow("Milady's own");
  }, 120_000);

  test("no network (a registry nobody answers on) is a clear error, within a bound", async () => {
    const saved = process.env.npm_config_registry;
    process.env.npm_config_registry = "http://127.0.0.1:9/";
    try {
      const error = await installer.install("is-number@7.0.0").catch((e) => e);
      expect(error.code).toBe("timeout");
      expect(error.message).toContain("the npm registry cannot be reached (ECONNREFUSED)");
    } finally {
      if (saved === undefined) delete process.env.npm_config_registry;
      else process.env.npm_config_registry = saved;
    }
  }, 120_000);

  test("a package that is not an elizaOS plugin installs with a warning", async () => {
    const result = await installer.install("is-number@7.0.0");
    expect(result.warnings.join("\n")).toContain("does not look like an elizaOS plugin");
    await installer.uninstall("is-number");
  }, 120_000);

  test("repair: a record whose path is gone is removed; one whose package is where installs go is fixed", async () => {
    const installs = installer.installed();
    await store.patch({
      config: {
        plugins: {
          installs: {
            "ghost-plugin": { spec: "ghost-plugin", version: "1.0.0", path: join(stateDir, "gone"), installedAt: "x" },
            "@elizaos/plugin-mcp": { ...installs["@elizaos/plugin-mcp"]!, path: "/moved/away/plugin-mcp" },
          },
        },
      },
    });
    const repaired = await installer.repair();
    expect(repaired.sort()).toEqual(["@elizaos/plugin-mcp", "ghost-plugin"]);
    expect(installer.installed()["ghost-plugin"]).toBeUndefined();
    expect(installer.installed()["@elizaos/plugin-mcp"]?.path).toBe(
      join(stateDir, "plugins", "installed", "node_modules", "@elizaos", "plugin-mcp"),
    );
    expect(await installer.repair()).toEqual([]);
  });

  test("uninstall removes the package and the record, and keeps core linked", async () => {
    await installer.uninstall("@elizaos/plugin-mcp");
    const nodeModules = join(stateDir, "plugins", "installed", "node_modules");
    expect(existsSync(join(nodeModules, "@elizaos", "plugin-mcp"))).toBe(false);
    expect(installer.installed()["@elizaos/plugin-mcp"]).toBeUndefined();
    expect(realpathSync(join(nodeModules, "@elizaos", "core"))).toBe(miladyCore().dir);
    await expect(installer.uninstall("@elizaos/plugin-mcp")).rejects.toThrow("was not installed");
  }, 120_000);
});

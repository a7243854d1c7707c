import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { configSchema, type MiladyConfigInput } from "../../src-shared/config";
import type { ModelProvider, PlannedPlugin } from "../../src-shared/protocol";
import { APP_ROOT } from "../app/paths";
import { resolvePluginPlan } from "./resolve-plan";

let state: string;
beforeEach(() => {
  state = mkdtempSync(join(tmpdir(), "milady-plan-"));
});
afterEach(() => rmSync(state, { recursive: true, force: true }));

function write(file: string, content: string | object): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
}
/** A plugin package at `dir`: package.json (unless null) and an index.js. */
function pluginAt(dir: string, name: string | null, extra: object = {}): string {
  if (name !== null) write(join(dir, "package.json"), { name, version: "0.1.0", ...extra });
  write(join(dir, "index.js"), `export default { name: ${JSON.stringify(name ?? "x")} };\n`);
  return dir;
}
const installRecord = (path: string) => ({ spec: "x", version: "0.1.0", path, installedAt: "2026-01-01T00:00:00Z" });

function plan(
  config: MiladyConfigInput = {},
  secrets: Record<string, string> = {},
  provider: ModelProvider = "scripted",
  miladyRoot = APP_ROOT,
) {
  return resolvePluginPlan({
    config: configSchema.parse(config),
    secrets,
    provider,
    pluginsDir: join(state, "plugins"),
    baseDir: state,
    miladyRoot,
  });
}
const find = (p: { plugins: PlannedPlugin[] }, name: string) => p.plugins.filter((e) => e.name === name);
const one = (p: { plugins: PlannedPlugin[] }, name: string) => {
  const hits = find(p, name);
  expect(hits.length).toBe(1);
  return hits[0]!;
};

describe("plugin plan: what is asked for", () => {
  test("core plugins in registration order, npm ones with their version; no model plugin for provider none", () => {
    const p = plan();
    expect(p.plugins.map((e) => e.name)).toEqual([
      "@elizaos/plugin-sql",
      "milady-scripted-model",
      "@elizaos/plugin-bootstrap",
      "milady",
    ]);
    expect(one(p, "@elizaos/plugin-sql")).toMatchObject({
      source: "core",
      import: "@elizaos/plugin-sql",
      version: "1.7.2",
    });
    expect(one(p, "milady").import).toBeUndefined();
    expect(plan({}, {}, "none").plugins.map((e) => e.name)).not.toContain("milady-scripted-model");
  });

  test("plugins.allow adds a package from Milady's node_modules; one that is nowhere is failed with how to install it", () => {
    const p = plan({ plugins: { allow: ["@elizaos/plugin-anthropic", "@acme/plugin-nowhere"] } });
    expect(one(p, "@elizaos/plugin-anthropic")).toMatchObject({
      source: "npm",
      origin: "allow",
      import: "@elizaos/plugin-anthropic",
      version: "1.5.12",
    });
    expect(one(p, "@elizaos/plugin-anthropic").status).toBeUndefined();
    const missing = one(p, "@acme/plugin-nowhere");
    expect(missing.status).toBe("failed");
    expect(missing.reason).toContain("milady plugins install @acme/plugin-nowhere");
  });

  test("a configured connector loads its plugin from plugins.installs (entry file resolved from exports)", () => {
    const dir = join(state, "plugins", "installed", "node_modules", "@elizaos", "plugin-telegram");
    write(join(dir, "package.json"), {
      name: "@elizaos/plugin-telegram",
      version: "1.6.4",
      exports: { ".": { import: "./dist/index.js", types: "./dist/index.d.ts" } },
    });
    write(join(dir, "dist", "index.js"), "export default { name: 'telegram' };");
    const installs = { "@elizaos/plugin-telegram": installRecord(dir) };
    const configured = plan({ connectors: { telegram: {} }, plugins: { installs } }, { TELEGRAM_BOT_TOKEN: "123:abc" });
    expect(one(configured, "@elizaos/plugin-telegram")).toMatchObject({
      source: "installed",
      import: join(dir, "dist", "index.js"),
      version: "1.6.4",
    });
    // Installed but not configured, or switched off: listed as disabled, saying what it needs.
    const notConfigured = one(plan({ plugins: { installs } }), "@elizaos/plugin-telegram");
    expect(notConfigured).toMatchObject({ status: "disabled", source: "installed", origin: "connector:telegram" });
    expect(notConfigured.reason).toContain("TELEGRAM_BOT_TOKEN");
    const off = plan(
      { connectors: { telegram: { enabled: false } }, plugins: { installs } },
      { TELEGRAM_BOT_TOKEN: "1:a" },
    );
    expect(one(off, "@elizaos/plugin-telegram").status).toBe("disabled");
    // Not installed and not configured: not in the plan at all.
    expect(find(plan({ connectors: { telegram: {} } }), "@elizaos/plugin-telegram")).toEqual([]);
    // Configured, token set, not installed: failed with what to do.
    const notInstalled = plan({ connectors: { discord: {} } }, { DISCORD_API_TOKEN: "t" });
    expect(one(notInstalled, "@elizaos/plugin-discord")).toMatchObject({
      status: "failed",
      origin: "connector:discord",
    });
  });

  test("a provider key enables its plugin when the package is there; the chosen provider's plugin is core, once", () => {
    const keyed = plan({}, { OPENAI_API_KEY: "sk-1", GROQ_API_KEY: "gsk-1" });
    expect(one(keyed, "@elizaos/plugin-openai")).toMatchObject({ source: "npm", origin: "model-key:OPENAI_API_KEY" });
    expect(one(keyed, "@elizaos/plugin-groq").origin).toBe("model-key:GROQ_API_KEY");
    const chosen = plan({}, { OPENAI_API_KEY: "sk-1" }, "openai");
    expect(one(chosen, "@elizaos/plugin-openai")).toMatchObject({ source: "core", origin: "core" });
    // Not resolvable (a Milady root without node_modules): not added at all.
    const bare = plan({}, { OPENAI_API_KEY: "sk-1" }, "scripted", join(state, "no-root"));
    expect(find(bare, "@elizaos/plugin-openai")).toEqual([]);
  });

  test("entries.<name>.enabled false and the legacy plugins.disabled (short names) switch plugins off", () => {
    const p = plan({
      plugins: {
        allow: ["@elizaos/plugin-anthropic"],
        entries: { "@elizaos/plugin-anthropic": { enabled: false } },
        disabled: ["bootstrap"],
      },
    });
    expect(one(p, "@elizaos/plugin-anthropic").status).toBe("disabled");
    expect(one(p, "@elizaos/plugin-bootstrap").status).toBe("disabled");
    expect(one(p, "milady").status).toBeUndefined();
  });

  test("features.shellEnabled off refuses a shell plugin; on, an installed one loads without being asked", () => {
    const dir = pluginAt(join(state, "inst", "plugin-shell"), "@elizaos/plugin-shell");
    const installs = { "@elizaos/plugin-shell": installRecord(dir) };
    const off = one(plan({ plugins: { installs } }), "@elizaos/plugin-shell");
    expect(off.status).toBe("refused");
    expect(off.reason).toContain("features.shellEnabled is off");
    const asked = one(plan({ plugins: { allow: ["@elizaos/plugin-shell"], installs } }), "@elizaos/plugin-shell");
    expect(asked.status).toBe("refused");
    const on = one(plan({ plugins: { installs }, features: { shellEnabled: true } }), "@elizaos/plugin-shell");
    expect(on.status).toBeUndefined();
    expect(on.source).toBe("installed");
  });

  test("non-secret entries.<name>.config values become runtime settings, only for plugins that load", () => {
    const p = plan({
      plugins: {
        allow: ["@elizaos/plugin-anthropic", "@elizaos/plugin-groq"],
        entries: {
          "@elizaos/plugin-anthropic": {
            config: { ANTHROPIC_SMALL_MODEL: "claude-x", MAX: 3, OPENAI_API_KEY: "leak" },
          },
          "@elizaos/plugin-groq": { enabled: false, config: { GROQ_SMALL_MODEL: "g" } },
        },
      },
    });
    expect(p.settings).toEqual({ ANTHROPIC_SMALL_MODEL: "claude-x", MAX: "3" });
  });
});

describe("plugin plan: directories, deny, collisions", () => {
  test("ejected/ overrides the installed copy of the same name (and fixes one that was missing)", () => {
    const installed = pluginAt(join(state, "inst", "foo"), "@acme/plugin-foo");
    const ejected = pluginAt(join(state, "plugins", "ejected", "foo"), "@acme/plugin-foo", { version: "9.9.9" });
    const p = plan({
      plugins: { installs: { "@acme/plugin-foo": installRecord(installed) }, allow: ["@acme/plugin-bar"] },
    });
    expect(one(p, "@acme/plugin-foo")).toMatchObject({
      source: "ejected",
      origin: "install",
      import: join(ejected, "index.js"),
      version: "9.9.9",
    });
    pluginAt(join(state, "plugins", "ejected", "bar"), "@acme/plugin-bar");
    const fixed = one(plan({ plugins: { allow: ["@acme/plugin-bar"] } }), "@acme/plugin-bar");
    expect(fixed.status).toBeUndefined();
    expect(fixed.source).toBe("ejected");
  });

  test("custom/ and plugins.load.paths: each subdirectory is a plugin, named by package.json or the directory", () => {
    pluginAt(join(state, "plugins", "custom", "alpha"), "my-alpha");
    pluginAt(join(state, "plugins", "custom", "beta"), null);
    pluginAt(join(state, "extra", "gamma"), "my-gamma");
    const single = pluginAt(join(state, "single"), "my-single");
    const p = plan({ plugins: { load: { paths: ["extra", single] } } });
    expect(one(p, "my-alpha")).toMatchObject({
      source: "custom",
      import: join(state, "plugins", "custom", "alpha", "index.js"),
    });
    expect(one(p, "beta").source).toBe("custom");
    expect(one(p, "my-gamma").source).toBe("path");
    expect(one(p, "my-single")).toMatchObject({ source: "path", import: join(single, "index.js") });
  });

  test("a missing load path, an unreadable package.json, a package without an entry: clear reasons, no crash", () => {
    write(join(state, "plugins", "custom", "broken", "package.json"), "{ nope");
    write(join(state, "plugins", "custom", "empty", "package.json"), { name: "my-empty", main: "dist/gone.js" });
    const p = plan({
      plugins: { load: { paths: ["/no/such/dir"] }, installs: { gone: installRecord(join(state, "gone")) } },
    });
    expect(one(p, "/no/such/dir")).toMatchObject({ source: "path", status: "failed" });
    expect(one(p, "/no/such/dir").reason).toContain("/no/such/dir does not exist");
    expect(one(p, "broken").status).toBe("failed");
    expect(one(p, "broken").reason).toContain("package.json");
    expect(one(p, "my-empty").reason).toContain("no entry file");
    expect(one(p, "gone").reason).toContain("which is gone");
  });

  test("deny applies last, short names included; plugin-sql cannot be denied (it loads, saying why)", () => {
    pluginAt(join(state, "plugins", "custom", "alpha"), "my-alpha");
    const p = plan({ plugins: { deny: ["my-alpha", "bootstrap", "sql"], disabled: ["my-alpha"] } });
    expect(one(p, "my-alpha")).toMatchObject({ status: "denied", reason: "listed in plugins.deny" });
    expect(one(p, "@elizaos/plugin-bootstrap").status).toBe("denied");
    const sql = one(p, "@elizaos/plugin-sql");
    expect(sql.status).toBeUndefined();
    expect(sql.reason).toContain("cannot run without its database");
  });

  test("an ejected copy of a core npm plugin takes the core one's place (origin core); plugin-sql stays Milady's", () => {
    const copy = pluginAt(join(state, "plugins", "ejected", "bootstrap"), "@elizaos/plugin-bootstrap", {
      version: "1.7.2-edited",
    });
    pluginAt(join(state, "plugins", "ejected", "sql"), "@elizaos/plugin-sql");
    const p = plan();
    expect(one(p, "@elizaos/plugin-bootstrap")).toMatchObject({
      source: "ejected",
      origin: "core",
      import: join(copy, "index.js"),
      version: "1.7.2-edited",
    });
    expect(find(p, "@elizaos/plugin-sql").map((e) => [e.source, e.status])).toEqual([
      ["core", undefined],
      ["ejected", "refused"],
    ]);
  });

  test("a custom or path plugin named like a core plugin is refused; the core one stays, once", () => {
    pluginAt(join(state, "plugins", "custom", "fake-sql"), "@elizaos/plugin-sql");
    pluginAt(join(state, "plugins", "ejected", "fake-milady"), "milady");
    pluginAt(join(state, "plugins", "custom", "dup"), "@elizaos/plugin-anthropic");
    const p = plan({ plugins: { deny: ["@elizaos/plugin-sql"], allow: ["@elizaos/plugin-anthropic"] } });
    const sqls = find(p, "@elizaos/plugin-sql");
    expect(sqls.map((e) => [e.source, e.status])).toEqual([
      ["core", undefined],
      ["custom", "refused"],
    ]);
    expect(sqls[1]!.reason).toContain("the core plugin Milady loads itself");
    expect(find(p, "milady").map((e) => e.status)).toEqual([undefined, "refused"]);
    // Two copies of a non-core name: the directory one is refused, naming where the first comes from.
    const dup = find(p, "@elizaos/plugin-anthropic");
    expect(dup.map((e) => e.status)).toEqual([undefined, "refused"]);
    expect(dup[1]!.reason).toContain("already comes from npm");
  });
});

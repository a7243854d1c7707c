import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileConfigStore, resolveStatePaths } from "../config";
import { checkModelFile, prepareBootConfig, resolveModelRef } from "./boot-config";

let dir: string;
const savedScripted = process.env.MILADY_SCRIPTED_MODEL;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "milady-boot-"));
  delete process.env.MILADY_SCRIPTED_MODEL;
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  if (savedScripted !== undefined) process.env.MILADY_SCRIPTED_MODEL = savedScripted;
});

const store = (env: Record<string, string> = {}, flags = {}) =>
  new FileConfigStore({ paths: resolveStatePaths({ stateDir: dir, env: {} }), env, flags, cwd: dir });

/** A file that starts like a GGUF v3 header (magic, version, counts). */
function fakeGguf(path: string): void {
  const bytes = new Uint8Array(24);
  bytes.set([0x47, 0x47, 0x55, 0x46], 0);
  new DataView(bytes.buffer).setUint32(4, 3, true);
  writeFileSync(path, bytes);
}

describe("boot config", () => {
  test("no model: provider none with a reason that says how to fix it", async () => {
    const boot = await prepareBootConfig(store());
    expect(boot.provider).toBe("none");
    expect(boot.noModelReason?.code).toBe("no_model");
    expect(boot.noModelReason?.fix).toContain("milady setup");
    expect(boot.noModelReason?.fix).toContain("Models tab");
    expect(boot.dataDir).toBe(join(dir, "workspace", ".eliza", ".elizadb"));
    expect(boot.local.threads).toBeGreaterThanOrEqual(1);
  });

  test("a local GGUF is resolved from the models dir; a non-GGUF is refused with a reason", async () => {
    mkdirSync(join(dir, "models"));
    fakeGguf(join(dir, "models", "good.gguf"));
    writeFileSync(join(dir, "models", "bad.gguf"), "<!doctype html>");
    const good = await prepareBootConfig(store({}, { model: "good.gguf" }));
    expect(good.provider).toBe("local");
    expect(good.local.path).toBe(join(dir, "models", "good.gguf"));
    const bad = await prepareBootConfig(store({}, { model: "bad.gguf" }));
    expect(bad.provider).toBe("none");
    expect(bad.noModelReason?.message).toContain("not a GGUF");
  });

  test("a cloud provider without its key explains which key is missing", async () => {
    const boot = await prepareBootConfig(store({ MILADY_PROVIDER: "anthropic" }));
    expect(boot.provider).toBe("none");
    expect(boot.noModelReason?.message).toContain("ANTHROPIC_API_KEY");
    const withKey = await prepareBootConfig(store({ ANTHROPIC_API_KEY: "sk-ant-123456789" }));
    expect(withKey.provider).toBe("anthropic");
    expect(withKey.secrets.ANTHROPIC_API_KEY).toBe("sk-ant-123456789");
  });

  test("an hf: model is downloaded once into the models dir", async () => {
    const calls: string[] = [];
    const download = async (uri: string) => {
      calls.push(uri);
      mkdirSync(join(dir, "models"), { recursive: true });
      const path = join(dir, "models", "m.gguf");
      fakeGguf(path);
      return path;
    };
    const boot = await prepareBootConfig(store({}, { model: "hf:someone/repo/m.gguf" }), { download });
    expect(calls).toEqual(["hf:someone/repo/m.gguf"]);
    expect(boot.local.path).toBe(join(dir, "models", "m.gguf"));
    await prepareBootConfig(store({}, { model: "hf:someone/repo/m.gguf" }), { download });
    expect(calls.length).toBe(1);
  });

  test("model refs and file checks", () => {
    expect(resolveModelRef("hf:a/b/c.gguf", "/m").path).toBe("/m/c.gguf");
    expect(resolveModelRef("/abs/x.gguf", "/m").path).toBe("/abs/x.gguf");
    expect(checkModelFile(join(dir, "missing.gguf"))).toContain("does not exist");
  });

  test("the plugin plan: the chosen provider's plugin is core, a custom plugin from the state dir, the deny list", async () => {
    mkdirSync(join(dir, "plugins", "custom", "mine"), { recursive: true });
    writeFileSync(join(dir, "plugins", "custom", "mine", "index.js"), "export default { name: 'mine' };");
    writeFileSync(join(dir, "milady.json"), JSON.stringify({ plugins: { deny: ["bootstrap"] } }));
    const boot = await prepareBootConfig(store({ ANTHROPIC_API_KEY: "sk-ant-123456789" }));
    const entries = boot.plugins.plugins.map((p) => [p.name, p.source, p.status ?? "load"]);
    expect(entries).toEqual([
      ["@elizaos/plugin-sql", "core", "load"],
      ["@elizaos/plugin-anthropic", "core", "load"],
      ["@elizaos/plugin-bootstrap", "core", "denied"],
      ["milady", "core", "load"],
      ["mine", "custom", "load"],
    ]);
  });
});

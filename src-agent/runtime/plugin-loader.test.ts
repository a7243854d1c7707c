import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AgentRuntime, ModelType, type Plugin } from "@elizaos/core";
import { DEFAULT_CHARACTER, type PlannedPlugin } from "../../src-shared/protocol";
import { MILADY_AGENT_ID, toElizaCharacter } from "./character-map";
import { miladyCoreDir } from "./core-alias";
import { findPluginExport } from "./find-plugin-export";
import { checkPackage, coreRangeProblem } from "./plugin-import";
import { loadPlugins } from "./plugin-loader";
import type { AgentLog } from "./types";

const dir = mkdtempSync(join(tmpdir(), "milady-loader-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines: string[] = [];
const log: AgentLog = {
  error: (_s, m) => lines.push(m),
  warn: (_s, m) => lines.push(m),
  info: (_s, m) => lines.push(m),
  debug: () => {},
};

/** A plugin file in the temp dir, as a planned custom plugin. */
function customPlugin(name: string, body: string): PlannedPlugin {
  const file = join(dir, name, "index.js");
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(file, body);
  return { name, source: "custom", origin: "directory", import: file, dir: join(dir, name) };
}

describe("loadPlugins", () => {
  test("the chosen model plugin keeps its models against a plugin with a higher priority; the other adds the rest", async () => {
    // No database: registering model-only plugins needs none.
    const runtime = new AgentRuntime({ character: toElizaCharacter(DEFAULT_CHARACTER, MILADY_AGENT_ID), plugins: [] });
    const chosenLarge = async () => "chosen";
    const chosen: Plugin = { name: "chosen-model", description: "", models: { [ModelType.TEXT_LARGE]: chosenLarge } };
    const greedy = customPlugin(
      "greedy-model",
      `export default { name: "greedy-model", priority: 1000, models: { TEXT_LARGE: async () => "greedy", IMAGE: async () => "image" } };`,
    );
    const adapter = customPlugin("own-db", `export default { name: "own-db", adapter: { init: async () => {} } };`);
    const broken = customPlugin(
      "broken-init",
      `export default { name: "broken-init", init: async () => { throw new Error("nope"); } };`,
    );
    const statuses = await loadPlugins({
      runtime,
      plan: { plugins: [greedy, broken, adapter], settings: {} },
      core: [{ name: "chosen-model", load: async () => chosen }],
      modelPlugin: "chosen-model",
      log,
      emit: () => {},
    });
    expect(statuses.map((s) => [s.name, s.status])).toEqual([
      ["@elizaos/plugin-sql", "loaded"],
      ["chosen-model", "loaded"],
      ["greedy-model", "loaded"],
      ["broken-init", "failed"],
      ["own-db", "refused"],
    ]);
    expect(runtime.getModel(ModelType.TEXT_LARGE)).toBe(chosenLarge);
    expect(runtime.getModel(ModelType.IMAGE)).toBeDefined();
    // A failed init leaves nothing behind in the runtime.
    expect(runtime.plugins.map((p) => p.name)).toEqual(["chosen-model", "greedy-model"]);
    expect(lines.some((l) => l.startsWith("plugins: loaded 3") && l.includes("broken-init: init failed: nope"))).toBe(
      true,
    );
  });
});

describe("export patterns and core ranges", () => {
  const p = { name: "p", description: "" } as Plugin;
  test("default, module.exports(.default), export const plugin, named *Plugin; anything else is not a plugin", () => {
    expect(findPluginExport({ default: p })).toBe(p);
    expect(findPluginExport({ default: { default: p } })).toBe(p);
    expect(findPluginExport({ plugin: p })).toBe(p);
    expect(findPluginExport({ helper: 1, telegramPlugin: p })).toBe(p);
    expect(findPluginExport({ default: { discordPlugin: p } })).toBe(p);
    expect(findPluginExport({ default: { name: 42 }, answer: p })).toBeUndefined();
  });

  test("a range that excludes Milady's core is named with both versions; *, tags and workspace ranges pass", () => {
    expect(coreRangeProblem("^2.0.0-alpha.3", "1.7.2")).toBe("needs @elizaos/core ^2.0.0-alpha.3, Milady has 1.7.2");
    expect(coreRangeProblem("^1.6.0", "1.7.2")).toBeUndefined();
    expect(coreRangeProblem(">=1.0.0 <1.5.0", "1.7.2")).toContain("needs @elizaos/core >=1.0.0 <1.5.0");
    expect(coreRangeProblem("*", "1.7.2")).toBeUndefined();
    expect(coreRangeProblem("latest", "1.7.2")).toBeUndefined();
    expect(coreRangeProblem("workspace:*", "1.7.2")).toBeUndefined();
  });
});

describe("a nested @elizaos/core", () => {
  test("a real second copy is named; the link an install or eject makes to Milady's own is not", () => {
    const root = mkdtempSync(join(tmpdir(), "milady-nested-core-"));
    try {
      const copy = join(root, "copy");
      mkdirSync(join(copy, "node_modules", "@elizaos", "core"), { recursive: true });
      writeFileSync(join(copy, "node_modules", "@elizaos", "core", "package.json"), '{"version":"2.0.0-alpha.1"}');
      expect(checkPackage(copy).warnings.join()).toContain("2.0.0-alpha.1 (a second copy)");
      const linked = join(root, "linked");
      mkdirSync(join(linked, "node_modules", "@elizaos"), { recursive: true });
      symlinkSync(miladyCoreDir()!, join(linked, "node_modules", "@elizaos", "core"));
      expect(checkPackage(linked).warnings).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

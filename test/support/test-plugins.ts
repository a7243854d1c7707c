import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Plugins written by the tests into a plugins directory (<state>/plugins/custom), one
 * subdirectory each: real files, imported by the real agent. `files` maps a relative path
 * to its text; an object is written as JSON.
 */
function writePlugin(root: string, dir: string, files: Record<string, string | object>): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = join(root, dir, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  }
}

const pkg = (name: string, extra: object = {}) => ({ name, version: "0.0.1", type: "module", ...extra });

/** The names the fixtures use, so tests and fixtures agree. */
export const TEST_PLUGINS = {
  good: "milady-test-good",
  initThrows: "milady-test-init-throws",
  providerThrows: "milady-test-provider-throws",
  constExport: "milady-test-const",
  namedExport: "milady-test-named",
  cjs: "milady-test-cjs",
  cjsDefault: "milady-test-cjs-default",
  denied: "milady-test-denied",
  skewed: "milady-test-skewed",
  nestedCore: "milady-test-nested-core",
  noExport: "milady-test-no-export",
  importThrows: "milady-test-import-throws",
  brokenJson: "broken-json",
} as const;

/** The text the good plugin's provider puts into every prompt. */
export const GOOD_FACT = "Good fact: the password is pineapple-7";

export function writeTestPlugins(root: string): void {
  // export default; imports @elizaos/core from a directory with no node_modules of its own.
  writePlugin(root, "good", {
    "package.json": pkg(TEST_PLUGINS.good, { version: "1.2.3", description: "a good test plugin", main: "index.js" }),
    "index.js": `import { ModelType } from "@elizaos/core";
export default {
  name: "${TEST_PLUGINS.good}",
  providers: [{ name: "GOOD_FACT", get: async () => ({ text: "${GOOD_FACT} (" + typeof ModelType.TEXT_LARGE + ")" }) }],
};
`,
  });
  writePlugin(root, "init-throws", {
    "package.json": pkg(TEST_PLUGINS.initThrows),
    "index.js": `export default { name: "${TEST_PLUGINS.initThrows}", init: async () => { throw new Error("init exploded on purpose"); } };\n`,
  });
  writePlugin(root, "provider-throws", {
    "package.json": pkg(TEST_PLUGINS.providerThrows),
    "index.js": `export default {
  name: "${TEST_PLUGINS.providerThrows}",
  providers: [{ name: "BROKEN_FACT", get: async () => { throw new Error("provider exploded on purpose"); } }],
  actions: [{
    name: "EXPLODE",
    description: "Explodes (test plugin)",
    similes: [],
    examples: [],
    validate: async () => true,
    handler: async () => { throw new Error("action exploded on purpose"); },
  }],
};
`,
  });
  // Would shadow a core plugin: refused, bootstrap loads once from Milady.
  writePlugin(root, "impostor", {
    "package.json": pkg("@elizaos/plugin-bootstrap"),
    "index.js": `export default { name: "bootstrap-impostor" };\n`,
  });
  // export const plugin; no package.json: named by its directory, entry index.mjs.
  writePlugin(root, TEST_PLUGINS.constExport, {
    "index.mjs": `export const plugin = { name: "${TEST_PLUGINS.constExport}", description: "export const plugin" };\n`,
  });
  // A named *Plugin export, in TypeScript (Bun imports .ts).
  writePlugin(root, "named", {
    "package.json": pkg(TEST_PLUGINS.namedExport),
    "index.ts": `export const fancyPlugin: { name: string; description: string } = { name: "${TEST_PLUGINS.namedExport}", description: "named export" };\n`,
  });
  // CommonJS module.exports, entry from package.json main; requires @elizaos/core.
  writePlugin(root, "cjs", {
    "package.json": { name: TEST_PLUGINS.cjs, version: "0.0.1", main: "lib/main.cjs" },
    "lib/main.cjs": `const { ModelType } = require("@elizaos/core");
module.exports = { name: "${TEST_PLUGINS.cjs}", description: "commonjs " + typeof ModelType };
`,
  });
  writePlugin(root, "cjs-default", {
    "package.json": { name: TEST_PLUGINS.cjsDefault, version: "0.0.1", main: "index.cjs" },
    "index.cjs": `module.exports.default = { name: "${TEST_PLUGINS.cjsDefault}", description: "module.exports.default" };\n`,
  });
  writePlugin(root, "denied", {
    "package.json": pkg(TEST_PLUGINS.denied),
    "index.js": `export default { name: "${TEST_PLUGINS.denied}" };\n`,
  });
  // Declares a core range that excludes Milady's 1.7.2.
  writePlugin(root, "skewed", {
    "package.json": pkg(TEST_PLUGINS.skewed, { peerDependencies: { "@elizaos/core": "^2.0.0-alpha.3" } }),
    "index.js": `export default { name: "${TEST_PLUGINS.skewed}" };\n`,
  });
  // Brought its own copy of core (as npm does with a peer range "*"): it must get Milady's.
  writePlugin(root, "nested-core", {
    "package.json": pkg(TEST_PLUGINS.nestedCore, { peerDependencies: { "@elizaos/core": "*" } }),
    "node_modules/@elizaos/core/package.json": { name: "@elizaos/core", version: "2.0.0-alpha.537", main: "index.js" },
    "node_modules/@elizaos/core/index.js": `module.exports = { secondCopy: true };\n`,
    "index.js": `import * as core from "@elizaos/core";
export default { name: "${TEST_PLUGINS.nestedCore}", description: core.ModelType && !core.secondCopy ? "runs on Milady's core" : "runs on the nested copy" };
`,
  });
  writePlugin(root, "no-export", {
    "package.json": pkg(TEST_PLUGINS.noExport),
    "index.js": `export const answer = 42;\n`,
  });
  writePlugin(root, "import-throws", {
    "package.json": pkg(TEST_PLUGINS.importThrows),
    "index.js": `throw new Error("import exploded on purpose");\n`,
  });
  writePlugin(root, TEST_PLUGINS.brokenJson, { "package.json": "{ not json", "index.js": "export default {};\n" });
}

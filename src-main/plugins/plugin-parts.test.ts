import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { coreExports, importsFromCore, missingCoreImports } from "./core-imports";
import { coreSkew, miladyCore } from "./core-link";
import { specName } from "./installer";
import { npmFailure, progressFromLine } from "./npm-output";
import { looksLikeElizaPlugin } from "./package-info";
import { configurePatch, parameterSpecs, parameterValues } from "./parameters";

describe("npm's output", () => {
  test("http lines become progress events", () => {
    expect(progressFromLine("npm http fetch GET 200 https://registry.npmjs.org/@elizaos%2fplugin-mcp 208ms")).toEqual({
      phase: "resolving",
      message: "resolving @elizaos/plugin-mcp",
    });
    expect(
      progressFromLine("npm http fetch GET 200 https://registry.npmjs.org/ajv/-/ajv-8.17.1.tgz 20ms (cache miss)"),
    ).toEqual({ phase: "downloading", message: "downloading ajv-8.17.1.tgz" });
    expect(
      progressFromLine("npm http cache ajv@https://registry.npmjs.org/ajv/-/ajv-8.17.1.tgz 0ms (cache hit)")?.phase,
    ).toBe("downloading");
    expect(progressFromLine("npm timing something")).toBeUndefined();
  });

  test("failures are named: unknown package, no network, no such version", () => {
    const e404 = JSON.stringify({ error: { code: "E404", summary: "Not Found - GET https://registry.npmjs.org/x" } });
    expect(npmFailure("x", e404, "").code).toBe("not_found");
    const offline = JSON.stringify({
      error: { code: "ENOTFOUND", summary: "request to https://registry.npmjs.org/x failed" },
    });
    expect(npmFailure("x", offline, "")).toMatchObject({
      code: "timeout",
      message: expect.stringContaining("cannot be reached"),
    });
    const etarget = JSON.stringify({ error: { code: "ETARGET", summary: "No matching version found for x@9" } });
    expect(npmFailure("x@9", etarget, "").message).toContain("no published version matches");
    expect(npmFailure("x", "", "npm error something odd").message).toContain("something odd");
  });
});

describe("specs", () => {
  test("names, versions, tarballs; anything else refused", () => {
    expect(specName("@elizaos/plugin-mcp@1.8.2")).toBe("@elizaos/plugin-mcp");
    expect(specName("@elizaos/plugin-mcp")).toBe("@elizaos/plugin-mcp");
    expect(specName("plugin-x@^1.2")).toBe("plugin-x");
    expect(specName("/tmp/a-1.0.0.tgz")).toBeUndefined();
    expect(() => specName("git+https://github.com/x/y")).toThrow("is not a package name");
    expect(() => specName("../../etc")).toThrow("is not a package name");
  });
});

describe("core skew by name", () => {
  const core = miladyCore();
  test("a range that excludes Milady's core is named", () => {
    expect(coreSkew("p", "^2.0.0", "1.7.2")).toBe(
      "p needs @elizaos/core ^2.0.0, Milady has 1.7.2: it runs against Milady's copy and may fail to load",
    );
    expect(coreSkew("p", "^1.5.4", "1.7.2")).toBeUndefined();
    expect(coreSkew("p", "*", "1.7.2")).toBeUndefined();
  });

  test("Milady's core exports are read from its file; a missing import is named", () => {
    const exported = coreExports(core.dir)!;
    expect(exported.has("Service")).toBe(true);
    expect(exported.has("AgentRuntime")).toBe(true);
    expect(exported.has("getRequestContext")).toBe(false); // what @elizaos/plugin-mcp@1.8.2 imports
    const dir = mkdtempSync(join(tmpdir(), "milady-core-imports-"));
    const entry = join(dir, "index.js");
    writeFileSync(
      entry,
      'import { Service, logger as log } from "@elizaos/core";\nimport { getRequestContext } from "@elizaos/core";\n',
    );
    expect(importsFromCore(entry).sort()).toEqual(["Service", "getRequestContext", "logger"]);
    expect(missingCoreImports("p", entry, core)).toContain("p imports getRequestContext from @elizaos/core");
    writeFileSync(entry, 'import { Service } from "@elizaos/core";\n');
    expect(missingCoreImports("p", entry, core)).toBeUndefined();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("plugin parameters", () => {
  const pkg = {
    name: "p",
    version: "1.0.0",
    agentConfig: {
      pluginParameters: {
        CITY: { type: "string", description: "City", required: true },
        DAYS: { type: "number", description: "Days", required: false, default: 3 },
        VERBOSE: { type: "boolean", description: "", required: false },
        HIDDEN: { type: "string", description: "", required: false, sensitive: true },
        SERVICE_API_KEY: { type: "string", description: "", required: false },
      },
    },
  };
  const specs = parameterSpecs(pkg);

  test("secrets: sensitive, or a *_KEY/*_TOKEN name", () => {
    expect(specs.filter((s) => s.secret).map((s) => s.key)).toEqual(["HIDDEN", "SERVICE_API_KEY"]);
    expect(specs.find((s) => s.key === "DAYS")?.default).toBe(3);
  });

  test("values shown: secrets only masked", () => {
    const values = parameterValues(specs, { config: { CITY: "Oslo" } }, { SERVICE_API_KEY: "sk-1234567890abcdef" });
    expect(values.find((v) => v.key === "CITY")).toMatchObject({ value: "Oslo", set: true });
    expect(values.find((v) => v.key === "SERVICE_API_KEY")).toMatchObject({ value: "sk-…cdef", set: true });
    expect(values.find((v) => v.key === "HIDDEN")).toMatchObject({ value: null, set: false });
  });

  test("configure: types coerced, secrets apart and declared, unknown keys refused", () => {
    const patch = configurePatch("p", specs, { CITY: "Rome", DAYS: "4", VERBOSE: "true", HIDDEN: "h" }, undefined);
    expect(patch.config).toEqual({
      plugins: {
        entries: { p: { config: { CITY: "Rome", DAYS: 4, VERBOSE: true }, secrets: ["HIDDEN", "SERVICE_API_KEY"] } },
      },
    });
    expect(patch.secrets).toEqual({ HIDDEN: "h" });
    expect(() => configurePatch("p", specs, { NOPE: "x" }, undefined)).toThrow("p has no parameter NOPE");
    expect(() => configurePatch("p", specs, { DAYS: "soon" }, undefined)).toThrow("DAYS: must be a number");
    // null removes only what is there (a null into a missing object would be kept as null).
    expect(configurePatch("p", specs, { CITY: null }, undefined).config).toEqual({
      plugins: { entries: { p: { secrets: ["HIDDEN", "SERVICE_API_KEY"] } } },
    });
    expect(configurePatch("p", specs, { CITY: null }, { config: { CITY: "Rome" } }).config).toMatchObject({
      plugins: { entries: { p: { config: { CITY: null } } } },
    });
  });

  test("a plugin without declared parameters takes settings; secrecy by name", () => {
    const patch = configurePatch("q", [], { BOT_TOKEN: "t", MODE: "fast" }, { secrets: ["OLD_SECRET"] });
    expect(patch.secrets).toEqual({ BOT_TOKEN: "t" });
    expect(patch.config).toEqual({
      plugins: { entries: { q: { config: { MODE: "fast" }, secrets: ["OLD_SECRET", "BOT_TOKEN"] } } },
    });
  });
});

describe("is it an elizaOS plugin", () => {
  test("keywords, tags, agentConfig, the name, a core dependency", () => {
    expect(looksLikeElizaPlugin({ name: "x", version: "1", keywords: ["elizaos-plugins"] })).toBe(true);
    expect(looksLikeElizaPlugin({ name: "x", version: "1", tags: ["elizaos-plugins"] })).toBe(true);
    expect(looksLikeElizaPlugin({ name: "@elizaos/plugin-x", version: "1" })).toBe(true);
    expect(looksLikeElizaPlugin({ name: "x", version: "1", peerDependencies: { "@elizaos/core": "*" } })).toBe(true);
    expect(looksLikeElizaPlugin({ name: "left-pad", version: "1", keywords: ["string"] })).toBe(false);
  });
});

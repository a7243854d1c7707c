import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseValue } from "../cli/config-command";
import { resolveStatePaths } from "./paths";
import { FileConfigStore } from "./store";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "milady-plugin-secrets-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const open = () => new FileConfigStore({ paths: resolveStatePaths({ stateDir: dir, env: {} }), env: {}, cwd: dir });

describe("secrets a plugin declares (plugins.entries.*.secrets)", () => {
  test("are refused until declared, then written to .env, masked in the view and handed to the agent", async () => {
    const store = open();
    await expect(store.patch({ secrets: { WEATHER_API_KEY: "wk_0123456789abcdef" } })).rejects.toThrow(
      "unknown secret",
    );
    // Declared and set in one patch, as configure does.
    await store.patch({
      config: { plugins: { entries: { "plugin-weather": { secrets: ["WEATHER_API_KEY"] } } } },
      secrets: { WEATHER_API_KEY: "wk_0123456789abcdef" },
    });
    expect(readFileSync(store.paths.envFile, "utf8")).toContain("WEATHER_API_KEY=wk_0123456789abcdef");
    expect(readFileSync(store.paths.configFile, "utf8")).not.toContain("wk_0123456789abcdef");
    const reopened = open();
    expect(reopened.view().secrets.WEATHER_API_KEY).toBe("wk_…cdef");
    expect(JSON.stringify(reopened.view())).not.toContain("wk_0123456789abcdef");
    expect(reopened.secrets().WEATHER_API_KEY).toBe("wk_0123456789abcdef");
    expect(reopened.isSecret("WEATHER_API_KEY")).toBe(true);
    await reopened.setKey("WEATHER_API_KEY", "wk_second_value_99");
    expect(open().secrets().WEATHER_API_KEY).toBe("wk_second_value_99");
  });

  test("a plugin cannot declare Milady's own tokens", async () => {
    const store = open();
    await expect(
      store.patch({
        config: { plugins: { entries: { evil: { secrets: ["MILADY_API_TOKEN"] } } } },
        secrets: { MILADY_API_TOKEN: "stolen" },
      }),
    ).rejects.toThrow("MILADY_API_TOKEN");
  });
});

describe("config set values", () => {
  test("JSON when it parses; text for a string key; a clear error for invalid JSON where JSON is needed", () => {
    expect(parseValue("3000", "server.port", 2138)).toBe(3000);
    expect(parseValue("true", "features.shellEnabled", false)).toBe(true);
    expect(parseValue('["a","b"]', "plugins.deny", [])).toEqual(["a", "b"]);
    expect(parseValue('{"a":1}', "mcp.servers", {})).toEqual({ a: 1 });
    expect(parseValue("Remilia", "character.name", "Nova")).toBe("Remilia");
    expect(() => parseValue("[a", "plugins.deny", [])).toThrow(
      'plugins.deny takes JSON (an array), and "[a" is not valid JSON',
    );
    expect(() => parseValue("lots", "server.port", 2138)).toThrow("server.port takes JSON (a number)");
    expect(() => parseValue("{oops", "mcp.newthing", undefined)).toThrow("takes JSON (an object)");
  });
});

// /api/plugins against the real FileConfigStore and a real (offline) `npm install` of a plugin
// package the test packs: install with progress as SSE, info with parameters, configure with
// the secret masked in every answer and kept out of milady.json, eject, directories, uninstall.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installStreamEventSchema, pluginInfoSchema } from "../../src-shared/contracts";
import { configViewSchema } from "../../src-shared/protocol";
import { packPluginPackage, TEST_PLUGIN_PARAMETERS, writePluginPackage } from "../../test/support/plugin-packages";
import { FileConfigStore, resolveStatePaths } from "../config";
import { readSse, startTestServer, type TestServer } from "./testing/test-server";

let dir: string;
let store: FileConfigStore;
let t: TestServer;
const NAME = "milady-test-weather";
const SECRET = "wk_live_0123456789abcdef";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "milady-server-plugins-"));
  store = new FileConfigStore({ paths: resolveStatePaths({ stateDir: dir, env: {} }), env: {}, cwd: dir });
  t = await startTestServer({ config: store, strictContracts: true });
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const json = (method: string, body?: unknown, accept = "application/json"): RequestInit => ({
  method,
  headers: { "content-type": "application/json", accept },
  body: body === undefined ? undefined : JSON.stringify(body),
});
const at = (name: string) => `/api/plugins/${encodeURIComponent(name)}`;

describe("/api/plugins", () => {
  test("POST /api/plugins/install streams npm's progress, then the recorded install", async () => {
    const tarball = packPluginPackage({ name: NAME, version: "2.1.0", parameters: TEST_PLUGIN_PARAMETERS });
    const response = await t.api("/api/plugins/install", json("POST", { spec: tarball }, "text/event-stream"));
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const events = (await readSse(response, undefined, 120_000)).map((e) => installStreamEventSchema.parse(e));
    const last = events.at(-1)!;
    expect(last.type).toBe("done");
    if (last.type !== "done") return;
    expect(last.plugin).toMatchObject({ name: NAME, version: "2.1.0" });
    expect(last.restartRequired).toBe(true);
    expect(events.filter((e) => e.type === "progress").map((e) => (e.type === "progress" ? e.phase : ""))).toEqual(
      expect.arrayContaining(["resolving", "linking", "recording"]),
    );
    expect(existsSync(join(dir, "plugins", "installed", "node_modules", NAME, "package.json"))).toBe(true);
    expect(store.current().plugins.installs[NAME]?.version).toBe("2.1.0");
    // A saved plugin change makes the agent's restart pending (the UI's restart offer reads it).
    expect(store.restartGeneration()).toBeGreaterThan(0);
  }, 120_000);

  test("a spec that is not a package name ends the stream with validation_failed", async () => {
    const response = await t.api("/api/plugins/install", json("POST", { spec: "bad name!" }, "text/event-stream"));
    const events = (await readSse(response, undefined, 30_000)).map((e) => installStreamEventSchema.parse(e));
    expect(events.at(-1)).toMatchObject({ type: "error", error: { code: "validation_failed" } });
    const plain = await t.api("/api/plugins/install", json("POST", { spec: "bad name!" }));
    expect(plain.status).toBe(400);
  });

  test("GET /api/plugins lists the install as pending until the agent loads it", async () => {
    const { plugins } = (await (await t.api("/api/plugins")).json()) as {
      plugins: { name: string; status: string; source?: string; installed?: boolean }[];
    };
    expect(plugins.find((p) => p.name === NAME)).toMatchObject({
      status: "pending",
      source: "installed",
      installed: true,
    });
    expect(plugins.find((p) => p.name === "@elizaos/plugin-sql")?.status).toBe("loaded");
  });

  test("GET /api/plugins/:name shows version, source and parameters", async () => {
    const info = pluginInfoSchema.parse(await (await t.api(at(NAME))).json());
    expect(info).toMatchObject({ name: NAME, version: "2.1.0", source: "installed", status: "pending", enabled: true });
    expect(info.parameters.map((p) => [p.key, p.secret, p.required, p.set])).toEqual([
      ["WEATHER_CITY", false, true, false],
      ["WEATHER_DAYS", false, false, false],
      ["WEATHER_API_KEY", true, true, false],
    ]);
    expect(info.parameters[1]?.default).toBe(3);
    expect((await t.api(at("no-such-plugin-anywhere"))).status).toBe(404);
  });

  test("PUT config: plain values to plugins.entries, the secret to .env, masked in every answer", async () => {
    const response = await t.api(
      `${at(NAME)}/config`,
      json("PUT", { values: { WEATHER_CITY: "Lisbon", WEATHER_DAYS: "5", WEATHER_API_KEY: SECRET } }),
    );
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).not.toContain(SECRET);
    const info = pluginInfoSchema.parse(JSON.parse(text));
    expect(info.parameters.find((p) => p.key === "WEATHER_DAYS")?.value).toBe(5);
    expect(info.parameters.find((p) => p.key === "WEATHER_API_KEY")).toMatchObject({ set: true, value: "wk_…cdef" });
    // On disk: the value in the 0600 .env, never in milady.json.
    expect(readFileSync(store.paths.envFile, "utf8")).toContain(`WEATHER_API_KEY=${SECRET}`);
    const file = readFileSync(store.paths.configFile, "utf8");
    expect(file).not.toContain(SECRET);
    expect(JSON.parse(file).plugins.entries[NAME]).toEqual({
      config: { WEATHER_CITY: "Lisbon", WEATHER_DAYS: 5 },
      secrets: ["WEATHER_API_KEY"],
    });
    // GET /api/config masks it like Milady's own secrets; the agent gets it unmasked at boot.
    const configText = await (await t.api("/api/config")).text();
    expect(configText).not.toContain(SECRET);
    expect(configViewSchema.parse(JSON.parse(configText)).secrets.WEATHER_API_KEY).toBe("wk_…cdef");
    expect(store.secrets().WEATHER_API_KEY).toBe(SECRET);
    expect((await (await t.api(at(NAME))).text()).includes(SECRET)).toBe(false);
  });

  test("PUT config refuses an unknown parameter and a bad number; null removes", async () => {
    const unknown = await t.api(`${at(NAME)}/config`, json("PUT", { values: { NOPE: "x" } }));
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await unknown.json())).toContain("WEATHER_CITY");
    const bad = await t.api(`${at(NAME)}/config`, json("PUT", { values: { WEATHER_DAYS: "many" } }));
    expect(bad.status).toBe(400);
    const cleared = await t.api(
      `${at(NAME)}/config`,
      json("PUT", { values: { WEATHER_CITY: null, WEATHER_API_KEY: "" } }),
    );
    const info = pluginInfoSchema.parse(await cleared.json());
    expect(info.parameters.find((p) => p.key === "WEATHER_CITY")?.set).toBe(false);
    expect(info.parameters.find((p) => p.key === "WEATHER_API_KEY")?.set).toBe(false);
    expect(readFileSync(store.paths.envFile, "utf8")).not.toContain("WEATHER_API_KEY=");
  });

  test("disable, enable", async () => {
    const off = await (await t.api(`${at(NAME)}/disable`, json("POST"))).json();
    expect(off).toMatchObject({ enabled: false, restartRequired: true });
    const { plugins } = (await (await t.api("/api/plugins")).json()) as { plugins: { name: string; status: string }[] };
    expect(plugins.find((p) => p.name === NAME)?.status).toBe("disabled");
    await t.api(`${at(NAME)}/enable`, json("POST"));
    expect(store.current().plugins.disabled).not.toContain(NAME);
  });

  test("POST eject copies the package with a note; it then loads from ejected", async () => {
    const response = await t.api(`${at(NAME)}/eject`, json("POST"));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { dir: string; from: string; version: string };
    expect(body.dir).toBe(join(dir, "plugins", "ejected", NAME));
    expect(body.version).toBe("2.1.0");
    const note = readFileSync(join(body.dir, "EJECTED.md"), "utf8");
    expect(note).toContain(body.from);
    expect(note).toContain("2.1.0");
    // The copy's `import "@elizaos/core"` still reaches Milady's core.
    expect(Bun.resolveSync("@elizaos/core", body.dir)).toBe(Bun.resolveSync("@elizaos/core", import.meta.dir));
    const info = pluginInfoSchema.parse(await (await t.api(at(NAME))).json());
    expect(info.source).toBe("ejected");
    expect((await t.api(`${at(NAME)}/eject`, json("POST"))).status).toBe(409);
  });

  test("paths lists the directories; add-path validates and adds", async () => {
    const extra = mkdtempSync(join(tmpdir(), "milady-extra-plugins-"));
    writePluginPackage(join(extra, "hello"), { name: "milady-test-hello" });
    const added = await t.api("/api/plugins/paths", json("POST", { dir: extra }));
    expect(added.status).toBe(200);
    expect(store.current().plugins.load.paths).toEqual([extra]);
    const { directories } = (await (await t.api("/api/plugins/paths")).json()) as {
      directories: { kind: string; path: string; plugins: string[] }[];
    };
    expect(directories.map((d) => d.kind)).toEqual(["installed", "ejected", "custom", "path"]);
    expect(directories.find((d) => d.kind === "path")).toMatchObject({ path: extra, plugins: ["milady-test-hello"] });
    expect(directories.find((d) => d.kind === "ejected")?.plugins).toEqual([NAME]);
    expect((await t.api("/api/plugins/paths", json("POST", { dir: extra }))).status).toBe(409);
    expect((await t.api("/api/plugins/paths", json("POST", { dir: join(extra, "missing") }))).status).toBe(404);
    mkdirSync(join(dir, "plugins", "custom"), { recursive: true });
    expect((await t.api("/api/plugins/paths", json("POST", { dir: join(dir, "plugins", "custom") }))).status).toBe(409);
    rmSync(extra, { recursive: true, force: true });
  });

  test("DELETE uninstalls and removes the record", async () => {
    const response = await t.api(at(NAME), json("DELETE"));
    expect(response.status).toBe(200);
    expect(store.current().plugins.installs[NAME]).toBeUndefined();
    expect(existsSync(join(dir, "plugins", "installed", "node_modules", NAME))).toBe(false);
    expect((await t.api(at(NAME), json("DELETE"))).status).toBe(404);
  }, 60_000);
});

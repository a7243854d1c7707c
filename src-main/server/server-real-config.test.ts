import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { avatarInfoSchema, configViewSchema, DEFAULT_CHARACTER } from "../../src-shared/protocol";
import { FileConfigStore, resolveStatePaths } from "../config";
import { buildGlb, startTestServer, type TestServer } from "./testing/test-server";

/** The routes against the real FileConfigStore (atomic file writes, .env secrets), not the double. */
let dir: string;
let store: FileConfigStore;
let t: TestServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "milady-server-real-config-"));
  store = new FileConfigStore({ paths: resolveStatePaths({ stateDir: dir, env: {} }), env: {}, cwd: dir });
  t = await startTestServer({ config: store });
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

const vrm = () =>
  buildGlb({ asset: { version: "2.0" }, extensions: { VRMC_vrm: { specVersion: "1.0", meta: { name: "T" } } } });

describe("routes with the real FileConfigStore", () => {
  test("PATCH /api/config writes milady.json and .env; the secret is masked and the token is refused", async () => {
    const response = await t.api(
      "/api/config",
      json("PATCH", { config: { ui: { theme: "light" } }, secrets: { GROQ_API_KEY: "gsk_1234567890abcdef" } }),
    );
    expect(response.status).toBe(200);
    const view = configViewSchema.parse(await response.json());
    expect(view.secrets.GROQ_API_KEY).not.toContain("1234567890");
    expect(JSON.parse(readFileSync(join(dir, "milady.json"), "utf8")).ui.theme).toBe("light");
    expect(readFileSync(join(dir, ".env"), "utf8")).toContain("GROQ_API_KEY=");
    const refused = await t.api("/api/config", json("PATCH", { secrets: { MILADY_API_TOKEN: "mine" } }));
    expect(refused.status).toBe(400);
  });

  test("PUT /api/character persists the whole character", async () => {
    const response = await t.api(
      "/api/character",
      json("PUT", { ...DEFAULT_CHARACTER, name: "Filed", bio: ["one line"] }),
    );
    expect(response.status).toBe(200);
    expect(JSON.parse(readFileSync(join(dir, "milady.json"), "utf8")).character).toMatchObject({
      name: "Filed",
      bio: ["one line"],
    });
  });

  test("plugin disable/enable round-trips through plugins.disabled", async () => {
    await t.api(`/api/plugins/${encodeURIComponent("milady")}/disable`, { method: "POST" });
    expect(store.current().plugins.disabled).toEqual(["milady"]);
    await t.api(`/api/plugins/${encodeURIComponent("milady")}/enable`, { method: "POST" });
    expect(store.current().plugins.disabled).toEqual([]);
  });

  test("avatar upload then DELETE: the file and the config follow", async () => {
    const form = new FormData();
    form.append("file", new File([vrm()], "mine.vrm"));
    const uploaded = avatarInfoSchema.parse(await (await t.api("/api/avatar", { method: "POST", body: form })).json());
    expect(uploaded.custom).toBe(true);
    expect(readdirSync(store.paths.avatarsDir)).toEqual([uploaded.name]);
    expect(JSON.parse(readFileSync(join(dir, "milady.json"), "utf8")).ui.avatar).toBe(uploaded.name);
    const reset = avatarInfoSchema.parse(await (await t.api("/api/avatar", { method: "DELETE" })).json());
    expect(reset.custom).toBe(false);
    expect(readdirSync(store.paths.avatarsDir)).toEqual([]);
  });
});

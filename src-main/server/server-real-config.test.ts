import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

  test("PATCH /api/config with unknown keys is refused, naming each one, and writes nothing", async () => {
    const before = readFileSync(join(dir, "milady.json"), "utf8");
    const top = await t.api("/api/config", json("PATCH", { MILADY_API_TOKEN: "x", theme: "dark" }));
    expect(top.status).toBe(400);
    const topError = ((await top.json()) as { error: { code: string; message: string } }).error;
    expect(topError.code).toBe("validation_failed");
    expect(topError.message).toContain("MILADY_API_TOKEN");
    expect(topError.message).toContain("theme");
    const nested = await t.api(
      "/api/config",
      json("PATCH", { config: { server: { bnd: "0.0.0.0" }, ui: { colour: "pink" }, nope: 1 } }),
    );
    expect(nested.status).toBe(400);
    const message = ((await nested.json()) as { error: { message: string } }).error.message;
    for (const key of ["bnd", "colour", "nope"]) expect(message).toContain(key);
    expect(readFileSync(join(dir, "milady.json"), "utf8")).toBe(before);
  });

  test("a model file is checked before it is saved: missing or not a GGUF -> 400 with a fix; a GGUF or hf: URI -> saved", async () => {
    const notes = join(dir, "notes.txt");
    writeFileSync(notes, "not a model");
    const gguf = join(dir, "tiny.gguf");
    const header = new Uint8Array(24);
    header.set([0x47, 0x47, 0x55, 0x46, 3]); // "GGUF", version 3
    writeFileSync(gguf, header);
    const save = (path: string) => t.api("/api/config", json("PATCH", { config: { models: { local: { path } } } }));
    for (const bad of [notes, join(dir, "missing.gguf"), "hf:only-owner"]) {
      const response = await save(bad);
      expect(response.status).toBe(400);
      const error = ((await response.json()) as { error: { message: string; fix: string } }).error;
      expect(error.message).toContain("models.local.path");
      expect(error.fix).toContain("Models tab");
    }
    expect(store.current().models.local.path).toBeUndefined();
    expect((await save(gguf)).status).toBe(200);
    expect(store.current().models.local.path).toBe(gguf);
    expect((await save("hf:owner/repo/model.gguf")).status).toBe(200);
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

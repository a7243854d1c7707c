import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { avatarInfoSchema, errorBodySchema, KNOWLEDGE_MAX_BYTES, MiladyError } from "../../src-shared/protocol";
import { buildGlb, startTestServer, type TestServer } from "./testing/test-server";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

function form(name: string, content: BlobPart, field = "file"): FormData {
  const data = new FormData();
  data.append(field, new File([content], name));
  return data;
}

async function errorOf(response: Response) {
  return errorBodySchema.parse(await response.json()).error;
}

/** A tiny VRM 1.0 container built in-test: GLB header, a JSON chunk declaring VRMC_vrm, a BIN chunk. */
const validVrm = () =>
  buildGlb(
    {
      asset: { version: "2.0", generator: "milady test" },
      extensionsUsed: ["VRMC_vrm"],
      extensions: {
        VRMC_vrm: {
          specVersion: "1.0",
          meta: { name: "Tiny", authors: ["test"], licenseUrl: "https://vrm.dev/licenses/1.0/" },
        },
      },
    },
    new Uint8Array(16),
  );

describe("knowledge", () => {
  let id = "";

  test("upload a .md (201), list it, search it, delete it", async () => {
    const added = await t.api("/api/knowledge", { method: "POST", body: form("notes.md", "# Notes\nhello") });
    expect(added.status).toBe(201);
    const { document } = (await added.json()) as {
      document: { id: string; filename: string; contentType: string; bytes: number };
    };
    expect(document).toMatchObject({ filename: "notes.md", contentType: "text/markdown", bytes: 13 });
    id = document.id;
    const forwarded = t.agent.calls.at(-1)?.params as { dataBase64: string };
    expect(Buffer.from(forwarded.dataBase64, "base64").toString()).toBe("# Notes\nhello");

    const list = (await (await t.api("/api/knowledge")).json()) as { documents: { id: string }[] };
    expect(list.documents.map((d) => d.id)).toEqual([id]);

    const search = await t.api("/api/knowledge/search", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "hello" }),
    });
    expect(((await search.json()) as { hits: unknown[] }).hits.length).toBe(1);
    expect(t.agent.calls.at(-1)?.params).toMatchObject({ limit: 8 });

    expect((await t.api(`/api/knowledge/${id}`, { method: "DELETE" })).status).toBe(200);
    expect((await t.api(`/api/knowledge/${id}`, { method: "DELETE" })).status).toBe(404);
  });

  test("the same bytes twice -> 409 conflict naming the document that is already there", async () => {
    const first = await t.api("/api/knowledge", { method: "POST", body: form("recipe.txt", "flour, water, salt") });
    expect(first.status).toBe(201);
    const { document } = (await first.json()) as { document: { id: string } };
    const again = await t.api("/api/knowledge", { method: "POST", body: form("renamed.txt", "flour, water, salt") });
    expect(again.status).toBe(409);
    const error = await errorOf(again);
    expect(error.code).toBe("conflict");
    expect(error.message).toContain('as "recipe.txt"');
    expect(error.fix).toContain("recipe.txt");
    expect((await t.api(`/api/knowledge/${document.id}`, { method: "DELETE" })).status).toBe(200);
    // Deleted first, it may come back.
    expect(
      (await t.api("/api/knowledge", { method: "POST", body: form("renamed.txt", "flour, water, salt") })).status,
    ).toBe(201);
  });

  test("uploads at once reach the agent one at a time, and a failed one does not block the next", async () => {
    const channel = t.agent.channels.knowledge;
    const add = channel.add;
    let running = 0;
    let most = 0;
    channel.add = async (params, ctx) => {
      running++;
      most = Math.max(most, running);
      await Bun.sleep(20);
      running--;
      if (params.filename === "fails.txt") throw new MiladyError("model_error", "the model went away");
      return add(params, ctx);
    };
    try {
      const statuses = await Promise.all(
        ["one.txt", "fails.txt", "three.txt"].map(async (name) => {
          const res = await t.api("/api/knowledge", { method: "POST", body: form(name, `contents of ${name}`) });
          await res.body?.cancel();
          return res.status;
        }),
      );
      expect(statuses).toEqual([201, 502, 201]);
      expect(most).toBe(1);
    } finally {
      channel.add = add;
    }
  });

  test("wrong type -> 415, too large -> 413, missing field -> 400, not multipart -> 415, empty query -> 400", async () => {
    const exe = await t.api("/api/knowledge", { method: "POST", body: form("tool.exe", "MZ") });
    expect(exe.status).toBe(415);
    expect((await errorOf(exe)).message).toContain(".txt, .md, .pdf");

    const big = await t.api("/api/knowledge", {
      method: "POST",
      body: form("big.txt", new Uint8Array(KNOWLEDGE_MAX_BYTES + 1)),
    });
    expect(big.status).toBe(413);

    const wrongField = await t.api("/api/knowledge", { method: "POST", body: form("a.txt", "x", "upload") });
    expect(wrongField.status).toBe(400);
    expect((await errorOf(wrongField)).message).toContain("file");

    const json = await t.api("/api/knowledge", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(json.status).toBe(415);

    const empty = await t.api("/api/knowledge/search", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"query":""}',
    });
    expect(empty.status).toBe(400);
  });
});

describe("avatar", () => {
  test("default avatar: info says not custom; file 404 with a fix until the default exists", async () => {
    const info = avatarInfoSchema.parse(await (await t.api("/api/avatar")).json());
    expect(info).toMatchObject({ custom: false, name: "milady-default.vrm" });
    const missing = await t.api("/api/avatar/file");
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).fix).toContain("build:assets");
    writeFileSync(join(t.dir, "default.vrm"), validVrm());
    const file = await t.api("/api/avatar/file");
    expect(file.headers.get("content-type")).toBe("model/gltf-binary");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(validVrm());
  });

  test("upload a valid VRM: stored under a safe unique name, config updated, served back", async () => {
    const response = await t.api("/api/avatar", { method: "POST", body: form("../../My Avatar!.vrm", validVrm()) });
    expect(response.status).toBe(201);
    const info = avatarInfoSchema.parse(await response.json());
    expect(info.custom).toBe(true);
    expect(info.name).toMatch(/^my-avatar-[0-9a-f]{8}\.vrm$/);
    expect(t.config.current().ui.avatar).toBe(info.name);
    expect(existsSync(join(t.config.paths.avatarsDir, info.name))).toBe(true);
    const served = await t.api("/api/avatar/file");
    expect((await served.arrayBuffer()).byteLength).toBe(validVrm().byteLength);
  });

  test("a corrupt or non-VRM upload -> 400 with a clear message; the previous avatar stays", async () => {
    const before = t.config.current().ui.avatar;
    const plainGlb = await t.api("/api/avatar", {
      method: "POST",
      body: form("plain.vrm", buildGlb({ asset: { version: "2.0" } })),
    });
    expect(plainGlb.status).toBe(400);
    expect((await errorOf(plainGlb)).message).toContain("not a VRM");
    const corrupt = validVrm().slice(0, 30);
    const broken = await t.api("/api/avatar", { method: "POST", body: form("broken.vrm", corrupt) });
    expect(broken.status).toBe(400);
    expect((await errorOf(broken)).message).toContain("current avatar was kept");
    const png = await t.api("/api/avatar", { method: "POST", body: form("face.png", "x") });
    expect(png.status).toBe(415);
    expect(t.config.current().ui.avatar).toBe(before);
    expect(readdirSync(t.config.paths.avatarsDir)).toEqual([before!]);
  });

  test("a second upload replaces (and removes) the first; DELETE goes back to the default", async () => {
    const first = t.config.current().ui.avatar!;
    const second = avatarInfoSchema.parse(
      await (await t.api("/api/avatar", { method: "POST", body: form("b.vrm", validVrm()) })).json(),
    );
    expect(second.name).not.toBe(first);
    expect(readdirSync(t.config.paths.avatarsDir)).toEqual([second.name]);
    const reset = avatarInfoSchema.parse(await (await t.api("/api/avatar", { method: "DELETE" })).json());
    expect(reset).toMatchObject({ custom: false, name: "milady-default.vrm" });
    expect(readdirSync(t.config.paths.avatarsDir)).toEqual([]);
  });
});

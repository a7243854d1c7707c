import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BROKEN_FILE,
  BROKEN_FILE_PATHS,
  ELIZA_0X_FILE,
  ELIZA_1X_FILE,
  FIXTURE_SECRET,
  GROUPED_EXAMPLES_FILE,
} from "../../src-shared/character/testing/character-files";
import { characterContract } from "../../src-shared/contracts";
import { DEFAULT_CHARACTER, errorBodySchema } from "../../src-shared/protocol";
import { FileConfigStore, resolveStatePaths } from "../config";
import { startTestServer, type TestServer } from "./testing/test-server";

/** PUT /api/character with the character files people have, against the real FileConfigStore. */
let dir: string;
let t: TestServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "milady-character-files-"));
  const store = new FileConfigStore({ paths: resolveStatePaths({ stateDir: dir, env: {} }), env: {}, cwd: dir });
  t = await startTestServer({ config: store });
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const putResponse = characterContract.routes.put.response;
const getResponse = characterContract.routes.get.response;

const put = (body: unknown) =>
  t.api("/api/character", {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
const fileText = () => readFileSync(join(dir, "milady.json"), "utf8");

describe("PUT /api/character takes the character files people have", () => {
  test("an elizaOS 0.x file: 200 with notes and ignored; saved normalised, without its secrets", async () => {
    const response = await put(ELIZA_0X_FILE);
    expect(response.status).toBe(200);
    const body = putResponse.parse(await response.json());
    expect(body.applied).toBe(true);
    expect(body.character.bio).toHaveLength(3);
    expect(body.character.topics.length).toBeGreaterThan(100);
    expect(body.notes.some((n) => n.startsWith("lore: 2 lines appended to bio"))).toBe(true);
    expect(body.ignored.some((i) => i.startsWith("settings.secrets: "))).toBe(true);
    expect(body.ignored.some((i) => i.startsWith("clients: "))).toBe(true);

    const saved = JSON.parse(fileText()).character;
    expect(saved.lore).toBeUndefined();
    expect(saved.clients).toBeUndefined();
    expect(saved.settings.secrets).toBeUndefined();
    expect(saved.settings.voice).toEqual({ model: "en_US-hfc_female-medium" });
    expect(saved.messageExamples[0][0]).toEqual({ name: "{{user}}", text: "Is the weather turning tonight?" });
    expect(fileText()).not.toContain(FIXTURE_SECRET);
    expect(JSON.stringify(t.agent.characterApplied)).not.toContain(FIXTURE_SECRET);
    expect(JSON.stringify(body)).not.toContain(FIXTURE_SECRET);
  });

  test("GET answers the normalised character", async () => {
    const { character } = getResponse.parse(await (await t.api("/api/character")).json());
    expect(character.name).toBe("Wren");
    expect(character.username).toBe("wren_keeper");
    expect(character.style.post).toEqual(["writes like a logbook entry"]);
    expect(character.postExamples).toEqual(ELIZA_0X_FILE.postExamples);
    expect(character.templates).toEqual(ELIZA_0X_FILE.templates);
    expect(character.plugins).toEqual(ELIZA_0X_FILE.plugins);
  });

  test("an elizaOS 1.x file and a file with {examples} groups: 200 with their notes", async () => {
    const oneX = putResponse.parse(await (await put(ELIZA_1X_FILE)).json());
    expect(oneX.character.messageExamples[0]?.[0]?.name).toBe("{{user}}");
    expect(oneX.notes.some((n) => n.includes("elizaOS 1.x {name, content: {text}} shape"))).toBe(true);
    expect(oneX.ignored).toEqual([expect.stringMatching(/^messageExamples\[0\]\[1\]\.content\.actions: /)]);

    const grouped = putResponse.parse(await (await put(GROUPED_EXAMPLES_FILE)).json());
    expect(grouped.character.messageExamples).toHaveLength(3);
    expect(JSON.parse(fileText()).character.name).toBe("Pip");
  });

  test("the dashboard's own character: nothing noted, nothing ignored", async () => {
    const body = putResponse.parse(await (await put(DEFAULT_CHARACTER)).json());
    expect(body).toMatchObject({ character: DEFAULT_CHARACTER, ignored: [], notes: [] });
  });

  test("a broken file: 400 validation_failed listing every problem with its path and a fix; nothing saved", async () => {
    const before = fileText();
    const response = await put(BROKEN_FILE);
    expect(response.status).toBe(400);
    const { error } = errorBodySchema.parse(await response.json());
    expect(error.code).toBe("validation_failed");
    for (const path of BROKEN_FILE_PATHS) {
      expect(error.message).toContain(`- ${path}: `);
      expect(error.fix).toContain(`- ${path}: `);
    }
    expect(fileText()).toBe(before);
  });
});

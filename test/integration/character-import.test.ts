// Character import and export against the real main process: the CLI going through the running
// server, the HTTP route, the real config store (milady.json, the state .env), the real agent
// Worker and PGlite; the model is the scripted model (a named test double) whose [probe TEXT]
// shows the prompt line holding TEXT, which is how the test sees the agent's new character.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { validateCharacter } from "@elizaos/core";
import { PNG } from "pngjs";
import { cardPng, drawPng, V2_CARD, V3_CARD } from "../support/character-cards";
import { type MiladyProcess, postJson, removeDir, runCli, startMilady, tempStateDir } from "../support/milady-process";
import { until } from "../support/until";

const SECRET = "sk-import-test-0123456789abcdef";
const ELIZA_FILE = {
  name: "Quill Archivist",
  bio: ["Quill Archivist files every letter that reaches the archive."],
  system: "You are Quill Archivist.",
  topics: ["archives"],
  messageExamples: [
    [
      { name: "{{name1}}", content: { text: "Find the 1910 letters." } },
      { name: "Quill Archivist", content: { text: "Box 14, second shelf." } },
    ],
  ],
  settings: { secrets: { OPENAI_API_KEY: SECRET, ARCHIVE_API_TOKEN: `${SECRET}-archive` }, model: "gpt-4o" },
  secrets: { MILADY_PORT: "1" },
};

let milady: MiladyProcess;
let stateDir: string;
let work: string;

beforeAll(async () => {
  stateDir = tempStateDir("milady-character-");
  work = tempStateDir("milady-character-files-");
  writeFileSync(join(work, "orin.png"), cardPng(V2_CARD, { v3: V3_CARD, rgb: [10, 200, 120] }));
  writeFileSync(join(work, "quill.json"), JSON.stringify(ELIZA_FILE));
  writeFileSync(join(work, "plain.png"), drawPng());
  milady = await startMilady({ stateDir });
}, 120_000);
afterAll(async () => {
  if (milady?.proc.exitCode === null) await milady.stop();
  removeDir(stateDir);
  removeDir(work);
});

async function ask(text: string): Promise<string> {
  const { conversation } = await milady.json("/api/conversations", postJson({ title: "who" }));
  const res = await milady.json(`/api/conversations/${conversation.id}/messages`, postJson({ text }));
  return res.reply.text as string;
}

function upload(file: string, query = ""): Promise<Response> {
  const form = new FormData();
  form.append("file", new Blob([readFileSync(join(work, file))]), file);
  return milady.api(`/api/character/import${query}`, { method: "POST", body: form });
}

const savedConfig = () => readFileSync(join(stateDir, "milady.json"), "utf8");

describe("importing a V3 PNG card with the CLI while Milady runs", () => {
  test("the agent answers as the card's character at once; the picture is stored and served", async () => {
    expect(await ask("who [probe Orin Vale]")).toEndWith("| probe: absent");
    const cli = await runCli(stateDir, ["character", "import", join(work, "orin.png")]);
    expect(cli.stderr).toBe("");
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('Imported "Orin Vale" from a Tavern character card V3 (PNG).');
    expect(cli.stdout).toContain("data.group_only_greetings: greetings for group chats");
    expect(cli.stdout).toContain("The running agent uses it now.");

    // The live apply went through the character module: the next turn's prompt has the new character.
    const reply = await ask("who [probe lighthouse-keeping android]");
    expect(reply).toContain("probe: ");
    expect(reply).toContain("Orin is a lighthouse-keeping android");
    const status = await milady.json("/api/status");
    expect(status.agentName).toBe("Orin Vale");

    const { character, picture } = await milady.json("/api/character");
    expect(character.name).toBe("Orin Vale");
    expect(picture).toStartWith("/api/character/picture?v=");
    const png = await milady.api(picture);
    expect(png.headers.get("content-type")).toBe("image/png");
    const decoded = PNG.sync.read(Buffer.from(await png.arrayBuffer()));
    expect([...decoded.data.subarray(0, 3)]).toEqual([10, 200, 120]);
    expect(existsSync(join(stateDir, "character", "picture.png"))).toBe(true);
  });
});

describe("importing an elizaOS JSON with secrets through the route", () => {
  test("a preview changes nothing and lists the secrets masked", async () => {
    const before = savedConfig();
    const res = await upload("quill.json", "?dryRun=true");
    expect(res.status).toBe(200);
    const preview = await res.json();
    expect(preview).toMatchObject({ dryRun: true, applied: false, format: "elizaos", picture: "removed" });
    expect(preview.secrets.map((s: { name: string }) => s.name).sort()).toEqual([
      "ARCHIVE_API_TOKEN",
      "OPENAI_API_KEY",
    ]);
    expect(JSON.stringify(preview)).not.toContain(SECRET);
    expect(savedConfig()).toBe(before);
    expect((await milady.json("/api/character")).character.name).toBe("Orin Vale");
  });

  test("the import stores the secrets in .env only, replaces the picture's owner, and the agent takes the name", async () => {
    const res = await upload("quill.json");
    expect(res.status).toBe(200);
    const result = await res.json();
    expect(result).toMatchObject({ dryRun: false, applied: true, restartRequired: true, picture: "removed" });
    const openai = result.secrets.find((s: { name: string }) => s.name === "OPENAI_API_KEY");
    expect(openai).toMatchObject({ masked: "sk-…cdef", usedByAgent: true, replaced: false });
    expect(result.ignored).toContain("secrets.MILADY_PORT: Milady's own settings are not set by a character file");
    expect(JSON.stringify(result)).not.toContain(SECRET);

    const config = savedConfig();
    expect(config).not.toContain(SECRET);
    expect(JSON.parse(config).character.settings).toEqual({ model: "gpt-4o" });
    const env = readFileSync(join(stateDir, ".env"), "utf8");
    expect(env).toContain(`OPENAI_API_KEY=${SECRET}`);
    expect(env).toContain(`ARCHIVE_API_TOKEN=${SECRET}-archive`);
    expect(env).not.toContain("MILADY_PORT");
    expect(statSync(join(stateDir, ".env")).mode & 0o777).toBe(0o600);
    expect(existsSync(join(stateDir, "character", "picture.png"))).toBe(false);

    expect(await ask("who [probe Quill Archivist files]")).toContain("Quill Archivist files every letter");
    await until(async () => (await milady.json("/api/status")).agentName === "Quill Archivist", 10_000, "the new name");
    // The secrets the running agent reads at start make a restart pending, which the dashboard offers.
    expect((await milady.json("/api/status")).restartPending).toBe(true);
    // Nothing logged the secret.
    expect(milady.stderr()).not.toContain(SECRET);
  });

  test("a PNG without a card is refused with what to do, and the character stays", async () => {
    const before = savedConfig();
    const res = await upload("plain.png");
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.message).toContain("carries no character card");
    expect(error.fix).toContain(".json");
    expect(savedConfig()).toBe(before);
    const cli = await runCli(stateDir, ["character", "import", join(work, "plain.png")]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain("Nothing was changed.");
  });
});

describe("export", () => {
  test("the route downloads an elizaOS file named after the character; elizaOS's validator accepts it", async () => {
    const res = await milady.api("/api/character/export");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="quill-archivist.character.json"; filename*=UTF-8''Quill%20Archivist.character.json`,
    );
    const text = await res.text();
    expect(text).not.toContain(SECRET);
    const file = JSON.parse(text);
    expect(validateCharacter(file).success).toBe(true);
    expect(file.messageExamples[0][0].name).toBe("{{name1}}");
  });

  test("the CLI writes the same file with --out, and stdout without it; re-importing gives the same character", async () => {
    const out = join(work, "exported.json");
    const cli = await runCli(stateDir, ["character", "export", "--out", out]);
    expect(cli.code).toBe(0);
    const viaStdout = await runCli(stateDir, ["character", "export"]);
    expect(viaStdout.stdout).toBe(readFileSync(out, "utf8"));
    expect(validateCharacter(JSON.parse(viaStdout.stdout)).success).toBe(true);
    const before = (await milady.json("/api/character")).character;
    const again = await runCli(stateDir, ["character", "import", out, "--json"]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).character).toEqual(before);
    expect((await milady.json("/api/character")).character).toEqual(before);
  });

  test("a card PNG: refused without a picture; with one, it carries the picture and imports back whole", async () => {
    // Quill came from a .json: no picture, so no card, with what to do instead.
    const none = await milady.api("/api/character/export/card");
    expect(none.status).toBe(404);
    expect((await none.json()).error.fix).toContain(".json");
    const noOut = await runCli(stateDir, ["character", "export", "--card"]);
    expect(noOut.code).not.toBe(0);
    expect(noOut.stderr).toContain("--out");

    expect((await upload("orin.png")).status).toBe(200);
    const before = (await milady.json("/api/character")).character;
    const res = await milady.api("/api/character/export/card");
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("content-disposition")).toContain('filename="orin-vale.card.png"');
    const card = new Uint8Array(await res.arrayBuffer());
    const picture = new Uint8Array(await (await milady.api("/api/character/picture")).arrayBuffer());
    expect(PNG.sync.read(Buffer.from(card)).data).toEqual(PNG.sync.read(Buffer.from(picture)).data);

    const out = join(work, "exported.card.png");
    const cli = await runCli(stateDir, ["character", "export", "--card", "--out", out]);
    expect(cli.code).toBe(0);
    expect(new Uint8Array(readFileSync(out))).toEqual(card);
    // Another character in between, then the card: the same character and picture come back.
    expect((await upload("quill.json")).status).toBe(200);
    const again = await runCli(stateDir, ["character", "import", out, "--json"]);
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout);
    expect(report.ignored).toEqual([]);
    expect((await milady.json("/api/character")).character).toEqual(before);
    const back = new Uint8Array(await (await milady.api("/api/character/picture")).arrayBuffer());
    expect(back).toEqual(picture);
  });
});

describe("without a running Milady", () => {
  test("the CLI imports into the state directly and exports from it", async () => {
    const offline = tempStateDir("milady-character-offline-");
    try {
      const cli = await runCli(offline, ["character", "import", join(work, "quill.json")]);
      expect(cli.code).toBe(0);
      expect(cli.stdout).toContain("Saved; it applies when Milady next starts.");
      expect(readFileSync(join(offline, ".env"), "utf8")).toContain(`OPENAI_API_KEY=${SECRET}`);
      expect(readFileSync(join(offline, "milady.json"), "utf8")).not.toContain(SECRET);
      const exported = await runCli(offline, ["character", "export"]);
      expect(JSON.parse(exported.stdout).name).toBe("Quill Archivist");
    } finally {
      removeDir(offline);
    }
  });
});

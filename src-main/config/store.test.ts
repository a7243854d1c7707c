import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ELIZA_1X_FILE } from "../../src-shared/character/testing/character-files";
import { MiladyError } from "../../src-shared/protocol";
import { ConfigError } from "./config-error";
import { resolveStatePaths } from "./paths";
import { FileConfigStore } from "./store";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "milady-config-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const open = (env: Record<string, string> = {}, flags = {}, profile?: string) =>
  new FileConfigStore({ paths: resolveStatePaths({ stateDir: dir, env: {} }), env, flags, profile, cwd: dir });

describe("config cascade", () => {
  test("defaults when there is no file", () => {
    const store = open();
    expect(store.current().server.port).toBe(2138);
    expect(store.current().server.bind).toBe("127.0.0.1");
    expect(existsSync(join(dir, "milady.json"))).toBe(false);
  });

  test("flags > env > .env > file > profile > defaults", () => {
    writeFileSync(join(dir, "milady.json"), JSON.stringify({ server: { port: 4000 }, logging: { level: "warn" } }));
    expect(open({}, {}, "dev").current().server.port).toBe(4000); // file beats the dev profile
    expect(
      new FileConfigStore({
        paths: resolveStatePaths({ stateDir: join(dir, "x") }),
        env: {},
        profile: "dev",
        cwd: dir,
      }).current().server.port,
    ).toBe(31337);
    writeFileSync(join(dir, ".env"), "MILADY_PORT=5000\n");
    expect(open().current().server.port).toBe(5000);
    expect(open({ MILADY_PORT: "6000" }).current().server.port).toBe(6000);
    expect(open({ MILADY_PORT: "6000" }, { port: 7000 }).current().server.port).toBe(7000);
    expect(open().current().logging.level).toBe("warn");
  });

  test("an invalid file names the file and key and is never overwritten", async () => {
    const file = join(dir, "milady.json");
    const bad = JSON.stringify({ server: { port: "high" } });
    writeFileSync(file, bad);
    expect(() => open()).toThrow(ConfigError);
    try {
      open();
    } catch (error) {
      expect((error as Error).message).toContain(file);
      expect((error as Error).message).toContain("server.port");
    }
    expect(readFileSync(file, "utf8")).toBe(bad);
  });

  test("a hand edit that breaks the file blocks API writes instead of being clobbered", async () => {
    const store = open();
    await store.patch({ config: { server: { port: 3000 } } });
    const file = join(dir, "milady.json");
    writeFileSync(file, "{ broken json");
    await expect(store.patch({ config: { logging: { level: "debug" } } })).rejects.toBeInstanceOf(MiladyError);
    expect(readFileSync(file, "utf8")).toBe("{ broken json");
  });

  test("a write from outside (milady config set while Milady runs) is read at the next look; a broken one keeps the running config", async () => {
    const store = open();
    await store.patch({ config: { server: { port: 3000 } } });
    const seen: number[] = [];
    store.onChange((config) => seen.push(config.server.port));
    const other = open(); // the CLI's own store on the same state dir
    await other.setKey("plugins.deny", ["bootstrap"]);
    await other.setKey("server.port", 3001);
    expect(store.current().plugins.deny).toEqual(["bootstrap"]);
    expect(store.current().server.port).toBe(3001);
    expect(seen.at(-1)).toBe(3001);
    await other.setKey("OPENAI_API_KEY", "sk-outside-1234567890");
    expect(store.secrets().OPENAI_API_KEY).toBe("sk-outside-1234567890");
    writeFileSync(join(dir, "milady.json"), "{ broken json");
    expect(store.current().server.port).toBe(3001);
  });

  test("bad env values name the variable", () => {
    expect(() => open({ MILADY_PORT: "abc" })).toThrow(/MILADY_PORT/);
    expect(() => open({ MILADY_AGENT_HOST: "thread" })).toThrow(/MILADY_AGENT_HOST/);
  });

  test("unknown keys are refused", () => {
    writeFileSync(join(dir, "milady.json"), JSON.stringify({ srever: {} }));
    expect(() => open()).toThrow(/srever/);
  });
});

describe("config writes", () => {
  test("patch validates, writes atomically and reports restartRequired", async () => {
    const store = open();
    const view = await store.patch({ config: { server: { port: 3001 } } });
    expect(view.restartRequired).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, "milady.json"), "utf8")).server.port).toBe(3001);
    await expect(store.patch({ config: { server: { port: 99999 } } })).rejects.toThrow(/server.port/);
    expect(JSON.parse(readFileSync(join(dir, "milady.json"), "utf8")).server.port).toBe(3001);
    const live = await store.patch({ config: { ui: { theme: "dark" } } });
    expect(live.restartRequired).toBe(false);
    // The updates service follows channel and mode as they are saved; the agent never reads them.
    const updates = await store.patch({ config: { updates: { channel: "beta", mode: "notify" } } });
    expect(updates.restartRequired).toBe(false);
  });

  test("secrets go to .env (0600), are masked in the view, and the token is not API-writable", async () => {
    const store = open();
    await store.patch({ secrets: { OPENAI_API_KEY: "sk-test-1234567890abcdef" } });
    const envText = readFileSync(join(dir, ".env"), "utf8");
    expect(envText).toContain("OPENAI_API_KEY=sk-test-1234567890abcdef");
    expect(statSync(join(dir, ".env")).mode & 0o777).toBe(0o600);
    const view = store.view();
    expect(view.secrets.OPENAI_API_KEY).not.toContain("1234567890");
    expect(JSON.stringify(view)).not.toContain("sk-test-1234567890abcdef");
    expect(store.secrets().OPENAI_API_KEY).toBe("sk-test-1234567890abcdef");
    await expect(store.patch({ secrets: { MILADY_API_TOKEN: "x" } })).rejects.toThrow(/API token/);
    await expect(store.patch({ secrets: { NOT_A_KEY: "x" } })).rejects.toThrow(/unknown secret/);
    await store.patch({ secrets: { OPENAI_API_KEY: "" } });
    expect(store.secrets().OPENAI_API_KEY).toBeUndefined();
  });

  test("setCharacter replaces the character and keeps other keys", async () => {
    const store = open();
    await store.patch({ config: { server: { port: 3002 } } });
    await store.setCharacter({ ...store.current().character, name: "Nova", bio: ["one"] });
    const reopened = open();
    expect(reopened.current().character.name).toBe("Nova");
    expect(reopened.current().character.bio).toEqual(["one"]);
    expect(reopened.current().server.port).toBe(3002);
  });

  test("setKey handles dotted keys and secrets", async () => {
    const store = open();
    await store.setKey("models.local.threads", 2);
    await store.setKey("GROQ_API_KEY", "gsk_abcdefghijkl");
    expect(open().current().models.local.threads).toBe(2);
    expect(open().secrets().GROQ_API_KEY).toBe("gsk_abcdefghijkl");
  });
});

describe("the character key", () => {
  const elizaOs0x = {
    name: "Wren",
    bio: "Keeps the lighthouse.",
    lore: ["Rowed out in the January gale."],
    messageExamples: [
      [
        { user: "{{user1}}", content: { text: "Storm tonight?" } },
        { user: "Wren", content: { text: "Barometer says so." } },
      ],
    ],
    style: { all: ["short sentences"], post: ["logbook style"] },
    topics: ["lighthouses", ""],
  };

  test("an unknown key inside character is an error naming each key; the file is left as it was", () => {
    const file = join(dir, "milady.json");
    const bad = JSON.stringify({ character: { ...elizaOs0x, foo: 1, clients: ["discord"] } });
    writeFileSync(file, bad);
    let message = "";
    try {
      open();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).key).toBe("character.foo");
      message = (error as Error).message;
    }
    expect(message).toContain(file);
    expect(message).toContain("character.foo: unknown key");
    expect(message).toContain("character.clients: elizaOS 0.x's list of chat clients");
    expect(readFileSync(file, "utf8")).toBe(bad);
  });

  test("settings.secrets in milady.json is an error that says where secrets go", () => {
    writeFileSync(
      join(dir, "milady.json"),
      JSON.stringify({
        character: { ...elizaOs0x, settings: { secrets: { OPENAI_API_KEY: "sk-in-the-wrong-place" } } },
      }),
    );
    expect(() => open()).toThrow(
      /character\.settings\.secrets: secrets are never stored in milady\.json \(OPENAI_API_KEY\).*state \.env/,
    );
    try {
      open();
    } catch (error) {
      expect((error as Error).message).not.toContain("sk-in-the-wrong-place");
    }
  });

  test("an elizaOS 0.x or 1.x character in milady.json loads, normalised; the file is not rewritten", () => {
    const file = join(dir, "milady.json");
    const text = JSON.stringify({ character: elizaOs0x });
    writeFileSync(file, text);
    const character = open().current().character;
    expect(character.bio).toEqual(["Keeps the lighthouse.", "Rowed out in the January gale."]);
    expect(character.messageExamples[0]?.[0]).toEqual({ name: "{{user}}", text: "Storm tonight?" });
    expect(character.style).toEqual({ all: ["short sentences"], chat: [], post: ["logbook style"] });
    expect(character.topics).toEqual(["lighthouses"]);
    expect(readFileSync(file, "utf8")).toBe(text);

    const { secrets: _s, ...oneX } = ELIZA_1X_FILE;
    writeFileSync(file, JSON.stringify({ character: { ...oneX, messageExamples: oneX.messageExamples.slice(1) } }));
    expect(open().current().character.messageExamples[0]?.[0]?.name).toBe("{{user}}");
  });

  test("a write over a 0.x character keeps working (config set character.name)", async () => {
    writeFileSync(join(dir, "milady.json"), JSON.stringify({ character: elizaOs0x }));
    await open().setKey("character.name", "Gull");
    expect(open().current().character.name).toBe("Gull");
    expect(open().current().character.bio).toHaveLength(2);
  });
});

describe("partial patches", () => {
  test("a patch of a section the file lacks merges over that section's defaults", async () => {
    const store = open();
    await store.patch({ config: { character: { name: "Nova" } } });
    const reopened = open();
    expect(reopened.current().character.name).toBe("Nova");
    expect(reopened.current().character.bio.length).toBeGreaterThan(0);
  });

  test("env values never leak into the file through a seeded section", async () => {
    const store = open({ MILADY_PORT: "6001" });
    await store.patch({ config: { server: { bind: "127.0.0.2" } } });
    const file = JSON.parse(readFileSync(join(dir, "milady.json"), "utf8"));
    expect(file.server.port).toBe(2138);
    expect(store.current().server.port).toBe(6001);
  });

  test("null removes a key so it falls back to its default", async () => {
    const store = open();
    await store.patch({ config: { ui: { avatar: "mine.vrm" } } });
    expect(open().current().ui.avatar).toBe("mine.vrm");
    await store.patch({ config: { ui: { avatar: null } } });
    expect(open().current().ui.avatar).toBeUndefined();
  });
});

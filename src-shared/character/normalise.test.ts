import { describe, expect, test } from "bun:test";
import { configSchema } from "../config/schema";
import { CHARACTER_LIMITS, type Character, DEFAULT_CHARACTER } from "../protocol/character";
import { type CharacterNormalisation, describeCharacterProblems, normaliseCharacter } from ".";
import {
  BROKEN_FILE,
  BROKEN_FILE_PATHS,
  ELIZA_0X_FILE,
  ELIZA_1X_FILE,
  FIXTURE_SECRET,
  GROUPED_EXAMPLES_FILE,
} from "./testing/character-files";

function accepted(result: CharacterNormalisation) {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.problems, null, 2)}`);
  return result;
}

function rejected(result: CharacterNormalisation) {
  if (result.ok) throw new Error("expected problems, got a character");
  return result.problems;
}

const has = (list: string[], pattern: RegExp) => expect(list.some((s) => pattern.test(s))).toBe(true);

describe("Milady's own character", () => {
  test("passes unchanged, with nothing to note or ignore (the dashboard sends this)", () => {
    const r = accepted(normaliseCharacter(DEFAULT_CHARACTER));
    expect(r.character).toEqual(DEFAULT_CHARACTER);
    expect(r.ignored).toEqual([]);
    expect(r.notes).toEqual([]);
  });

  test("a normalised file normalises to itself, in strict mode too", () => {
    const once = accepted(normaliseCharacter(ELIZA_0X_FILE)).character;
    const twice = accepted(normaliseCharacter(once, { unknownFields: "reject" }));
    expect(twice.character).toEqual(once);
    // Nothing is converted twice; what is left says which kept fields the agent does not use yet.
    expect(twice.notes.map((n) => n.split(":")[0])).toEqual(["knowledge", "settings", "plugins"]);
    expect(twice.ignored).toEqual([]);
  });
});

describe("an elizaOS 0.x file", () => {
  const r = accepted(normaliseCharacter(ELIZA_0X_FILE));
  const c = r.character;

  test("bio as a string, lore folded into bio (empty lore lines dropped)", () => {
    expect(c.bio).toEqual([ELIZA_0X_FILE.bio, ...ELIZA_0X_FILE.lore.filter(Boolean)]);
    has(r.notes, /^lore: 2 lines appended to bio/);
    has(r.notes, /^bio: one string/);
  });

  test("{user, content} examples become {name, text}; {{user1}} becomes {{user}}; action-only lines go", () => {
    expect(c.messageExamples[0]).toEqual([
      { name: "{{user}}", text: "Is the weather turning tonight?" },
      { name: "Wren", text: "Barometer's dropping. Get your boat in before dark." },
    ]);
    expect(c.messageExamples[1]).toHaveLength(3);
    has(r.notes, /2 examples converted from the elizaOS 0\.x \{user, content: \{text\}\} shape/);
    has(r.notes, /\{\{user1\}\} -> \{\{user\}\}/);
    has(r.notes, /dropped 1 message with no text \(the first at messageExamples\[1\]\[3\]/);
    has(r.ignored, /^messageExamples\[1\]\[1\]\.content\.action: /);
  });

  test("topics: all kept past the old 100; the empty one dropped with a note", () => {
    expect(c.topics).toHaveLength(ELIZA_0X_FILE.topics.length - 1);
    expect(c.topics).not.toContain("");
    has(r.notes, /^topics: dropped 1 empty entry/);
  });

  test("what elizaOS uses is kept: username, postExamples, style.post, templates, knowledge, plugins", () => {
    expect(c.username).toBe("wren_keeper");
    expect(c.postExamples).toEqual(ELIZA_0X_FILE.postExamples);
    expect(c.style.post).toEqual(["writes like a logbook entry"]);
    expect(c.templates).toEqual(ELIZA_0X_FILE.templates);
    expect(c.knowledge).toEqual(ELIZA_0X_FILE.knowledge);
    expect(c.plugins).toEqual(["@elizaos/plugin-image-generation"]);
    has(r.notes, /^plugins: kept .*not loaded yet/);
    has(r.notes, /^knowledge: 2 items kept/);
  });

  test("settings are kept without any secret; the secrets are reported by name, never by value", () => {
    expect(c.settings).toEqual({ voice: { model: "en_US-hfc_female-medium" }, ragKnowledge: true });
    has(
      r.ignored,
      /^settings\.secrets: secrets are never stored in milady\.json \(OPENAI_API_KEY\); put secrets in the state \.env/,
    );
    has(r.ignored, /^settings\.voice\.elevenlabsApiKey: secrets are never stored/);
    expect(JSON.stringify(r)).not.toContain(FIXTURE_SECRET);
  });

  test("fields Milady has its own answer for are ignored, each with why", () => {
    has(r.ignored, /^clients: elizaOS 0\.x's list of chat clients/);
    has(r.ignored, /^modelProvider: Milady chooses the model/);
    has(r.ignored, /^people: unknown key/);
  });
});

describe("an elizaOS 1.x file", () => {
  const r = accepted(normaliseCharacter(ELIZA_1X_FILE));

  test("{name, content} examples with {{name1}}; actions ignored; empty secrets and lists left out", () => {
    expect(r.character.messageExamples[0]?.[0]).toEqual({ name: "{{user}}", text: "My sauce split. What now?" });
    has(r.notes, /2 examples converted from the elizaOS 1\.x \{name, content: \{text\}\} shape/);
    has(r.ignored, /^messageExamples\[0\]\[1\]\.content\.actions: /);
    has(r.notes, /^secrets: empty, dropped/);
    expect(r.character.system).toBe(ELIZA_1X_FILE.system);
    expect(r.character.postExamples).toBeUndefined();
    expect(r.character.style).toEqual({ all: ["plain words"], chat: ["one tip at a time"] });
    expect(r.character.settings).toEqual({ avatar: "https://example.com/basil.png" });
  });
});

describe("{examples: [...]} groups", () => {
  test("one conversation per group, or several; other group keys ignored", () => {
    const r = accepted(normaliseCharacter(GROUPED_EXAMPLES_FILE));
    expect(r.character.messageExamples).toHaveLength(3);
    expect(r.character.messageExamples[2]?.[1]).toEqual({ name: "Pip", text: "Beep! Correct." });
    has(r.notes, /2 \{examples: \[\.\.\.\]\} groups unwrapped/);
    has(r.ignored, /^messageExamples\[1\]\.title: /);
  });
});

describe("a broken file", () => {
  const problems = rejected(normaliseCharacter(BROKEN_FILE));

  test("every problem is reported, each with its path, a message and a fix", () => {
    expect(problems.map((p) => p.path)).toEqual(BROKEN_FILE_PATHS);
    for (const p of problems) {
      expect(p.message.length).toBeGreaterThan(5);
      expect(p.fix.length).toBeGreaterThan(5);
    }
    expect(problems.find((p) => p.path === "messageExamples[0][0]")?.message).toBe("has no speaker");
  });

  test("the 400 answer lists every path in the message and every fix", () => {
    const { message, fix } = describeCharacterProblems(problems);
    expect(message).toStartWith(`the character has ${BROKEN_FILE_PATHS.length} problems:`);
    for (const path of BROKEN_FILE_PATHS) {
      expect(message).toContain(`- ${path}: `);
      expect(fix).toContain(`- ${path}: `);
    }
  });

  test("not an object, no name, no bio", () => {
    expect(rejected(normaliseCharacter("Wren"))[0]?.path).toBe("(root)");
    expect(rejected(normaliseCharacter({ name: " " })).map((p) => `${p.path}: ${p.message}`)).toEqual([
      "name: is empty",
      "bio: is missing",
    ]);
  });

  test("a text over its limit is a problem (cutting it would change what it says)", () => {
    const long = "x".repeat(CHARACTER_LIMITS.bioLine + 1);
    const [p] = rejected(normaliseCharacter({ name: "A", bio: ["ok", long] }));
    expect(p?.path).toBe("bio[1]");
    expect(p?.fix).toContain("shorten");
  });
});

describe("limits", () => {
  test("lists longer than the limit are cut, with a note", () => {
    const exchange = [
      { name: "{{user}}", text: "hi" },
      { name: "A", text: "hello" },
    ];
    const r = accepted(
      normaliseCharacter({
        name: "A",
        bio: ["b"],
        topics: Array.from({ length: CHARACTER_LIMITS.topics + 5 }, (_, i) => `t${i}`),
        messageExamples: Array.from({ length: CHARACTER_LIMITS.examples + 1 }, () => exchange),
      }),
    );
    expect(r.character.topics).toHaveLength(CHARACTER_LIMITS.topics);
    expect(r.character.messageExamples).toHaveLength(CHARACTER_LIMITS.examples);
    has(r.notes, /^topics: kept the first 1000 of 1005/);
    has(r.notes, /^messageExamples: kept the first 200 of 201/);
  });

  test("an example with one line left is dropped with a note, not refused", () => {
    const r = accepted(
      normaliseCharacter({
        name: "A",
        bio: ["b"],
        messageExamples: [[{ user: "{{user1}}", content: { text: "hi" } }]],
      }),
    );
    expect(r.character.messageExamples).toEqual([]);
    has(r.notes, /^messageExamples\[0\]: dropped: an example needs at least 2 messages/);
  });
});

describe("strict mode (milady.json)", () => {
  test("legacy shapes are accepted; unknown keys and secrets are problems naming each key", () => {
    const ok = accepted(
      normaliseCharacter(
        { name: "A", bio: "one", lore: ["two"], messageExamples: ELIZA_1X_FILE.messageExamples.slice(1) },
        { unknownFields: "reject" },
      ),
    );
    expect(ok.character.bio).toEqual(["one", "two"]);
    const problems = rejected(
      normaliseCharacter(
        { name: "A", bio: ["b"], foo: 1, clients: [], settings: { secrets: { GROQ_API_KEY: FIXTURE_SECRET } } },
        { unknownFields: "reject" },
      ),
    );
    expect(problems.map((p) => p.path)).toEqual(["settings.secrets", "foo", "clients"]);
    expect(problems[0]?.fix).toContain("state .env");
    expect(JSON.stringify(problems)).not.toContain(FIXTURE_SECRET);
  });

  test("configSchema: character.foo is an issue at that path; a 0.x character loads normalised", () => {
    const bad = configSchema.safeParse({ character: { ...DEFAULT_CHARACTER, foo: true } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(["character.foo"]);
    const { clients: _c, modelProvider: _m, people: _p, ...file } = ELIZA_0X_FILE;
    const strictFile = {
      ...file,
      settings: { voice: { model: "en_US-hfc_female-medium" } },
      messageExamples: [file.messageExamples[0]],
    };
    const loaded = configSchema.parse({ character: strictFile }).character as Character;
    expect(loaded.bio).toHaveLength(3);
    expect(loaded.messageExamples[0]?.[0]?.name).toBe("{{user}}");
    expect(configSchema.parse({}).character).toEqual(DEFAULT_CHARACTER);
  });
});

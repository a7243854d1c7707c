import { type Character, characterSchema, CHARACTER_LIMITS as L } from "../protocol/character";
import { readMessageExamples } from "./read-examples";
import { readKnowledge } from "./read-knowledge";
import { isAbsent, readText, readTextList } from "./read-lists";
import { dropSecret, readSettings } from "./read-settings";
import { readTemplates } from "./read-templates";
import {
  type CharacterProblem,
  isPlainObject,
  jsonTypeName,
  NormaliseReport,
  type PathSegment,
  plural,
  type UnknownFields,
} from "./report";

export type CharacterNormalisation =
  | {
      ok: true;
      character: Character;
      /** Fields dropped, each as "path: why" (and where to put it instead, for secrets). */
      ignored: string[];
      /** What was converted: "messageExamples: 3 examples converted from the elizaOS 0.x ... shape". */
      notes: string[];
    }
  | { ok: false; problems: CharacterProblem[] };

/** Top-level fields of elizaOS 0.x files that Milady has its own answer for. */
const DROPPED_WHY: Record<string, string> = {
  id: "Milady keeps one agent id per state directory, so the agent's conversations stay with it",
  clients: "elizaOS 0.x's list of chat clients; Milady's dashboard is the client (connectors are not supported yet)",
  modelProvider: "Milady chooses the model in its own config (models.provider, or the Models tab in the dashboard)",
  imageModelProvider: "Milady chooses the models in its own config (models.provider)",
  imageVisionModelProvider: "Milady chooses the models in its own config (models.provider)",
  modelEndpointOverride: "Milady chooses the models in its own config (models.ollamaEndpoint for Ollama)",
};
const UNKNOWN_WHY = "unknown key: not a character field elizaOS 1.x or Milady uses";

/** Every field read below, in the order a character file usually has them. */
const FIELDS = new Set([
  "name",
  "username",
  "system",
  "bio",
  "lore",
  "messageExamples",
  "postExamples",
  "topics",
  "adjectives",
  "knowledge",
  "plugins",
  "settings",
  "secrets",
  "style",
  "templates",
]);

const STYLE_KEYS = ["all", "chat", "post"] as const;
const styleSpec = { maxEntries: L.styleLines, maxLength: L.styleLine };

function readName(raw: Record<string, unknown>, report: NormaliseReport): string | undefined {
  if (isAbsent(raw.name)) {
    report.problem(["name"], "is missing", 'add "name": "the agent\'s name" (up to 64 characters)');
    return undefined;
  }
  const name = readText(raw.name, ["name"], L.name, report);
  if (name === "") report.problem(["name"], "is empty", 'write the agent\'s name, e.g. "name": "Ada"');
  return name || undefined;
}

function readOptionalText(value: unknown, at: PathSegment[], max: number, report: NormaliseReport) {
  if (isAbsent(value)) return undefined;
  return readText(value, at, max, report) || undefined;
}

/** bio (a string or a list) followed by lore: elizaOS 1.x has no lore, and its bio holds the backstory. */
function readBio(raw: Record<string, unknown>, report: NormaliseReport): string[] | undefined {
  const spec = { maxEntries: Number.POSITIVE_INFINITY, maxLength: L.bioLine };
  const bio = readTextList(raw.bio, ["bio"], spec, report);
  const lore = readTextList(raw.lore, ["lore"], spec, report);
  if (lore && lore.length > 0) {
    report.note(
      `lore: ${plural(lore.length, "line")} appended to bio (elizaOS 1.x has no lore; bio holds the backstory)`,
    );
  }
  if ((!isAbsent(raw.bio) && bio === undefined) || (!isAbsent(raw.lore) && lore === undefined)) return undefined;
  const lines = [...(bio ?? []), ...(lore ?? [])];
  if (lines.length === 0) {
    report.problem(
      ["bio"],
      isAbsent(raw.bio) ? "is missing" : "has no text",
      'add "bio": ["one line about who the agent is", "another"]',
    );
    return undefined;
  }
  if (lines.length > L.bioLines) {
    report.note(`bio: kept the first ${L.bioLines} of ${lines.length} lines (the limit)`);
    lines.length = L.bioLines;
  }
  return lines;
}

function readStyle(value: unknown, report: NormaliseReport): Character["style"] | undefined {
  if (isAbsent(value)) return { all: [], chat: [] };
  if (typeof value === "string" || Array.isArray(value)) {
    report.note("style: a plain list, read as style.all");
    const all = readTextList(value, ["style"], styleSpec, report);
    return all ? { all, chat: [] } : undefined;
  }
  if (!isPlainObject(value)) {
    report.problem(
      ["style"],
      `must be an object, not ${jsonTypeName(value)}`,
      'write it as {"all": [...], "chat": [...], "post": [...]}',
    );
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!(STYLE_KEYS as readonly string[]).includes(key))
      report.drop(["style", key], "elizaOS styles are all, chat and post");
  }
  const [all, chat, post] = STYLE_KEYS.map((key) => readTextList(value[key], ["style", key], styleSpec, report));
  const failed = STYLE_KEYS.some((key, i) => !isAbsent(value[key]) && [all, chat, post][i] === undefined);
  if (failed) return undefined;
  return { all: all ?? [], chat: chat ?? [], ...(post && post.length > 0 ? { post } : {}) };
}

/** Drops the keys no reader takes, each with its reason. */
function dropUnknown(raw: Record<string, unknown>, report: NormaliseReport): void {
  for (const key of Object.keys(raw)) {
    if (key === "secrets") dropSecret(raw.secrets, ["secrets"], report);
    else if (!FIELDS.has(key)) report.drop([key], DROPPED_WHY[key] ?? UNKNOWN_WHY);
  }
}

/** A list field that may be empty: an empty list is left out, so the stored character stays small. */
const nonEmpty = <T>(list: T[] | undefined) => (list && list.length > 0 ? list : undefined);

/**
 * Turns any character JSON people have (elizaOS 0.x and 1.x files, Milady's own form) into
 * Milady's character, reporting every problem with its path and a fix, every dropped field
 * and every conversion. It never fails on the first problem: a user fixes a file in one go.
 */
export function normaliseCharacter(
  input: unknown,
  options: { unknownFields?: UnknownFields } = {},
): CharacterNormalisation {
  const report = new NormaliseReport(options.unknownFields ?? "ignore");
  if (!isPlainObject(input)) {
    report.problem(
      [],
      `a character must be a JSON object, not ${jsonTypeName(input)}`,
      'send the character file\'s content: {"name": "Ada", "bio": ["..."], ...}',
    );
    return { ok: false, problems: report.problems };
  }
  const name = readName(input, report);
  const candidate = {
    name,
    username: readOptionalText(input.username, ["username"], L.username, report),
    system: readOptionalText(input.system, ["system"], L.system, report) ?? "",
    bio: readBio(input, report),
    style: readStyle(input.style, report),
    adjectives:
      readTextList(input.adjectives, ["adjectives"], { maxEntries: L.adjectives, maxLength: L.adjective }, report) ??
      [],
    topics: readTextList(input.topics, ["topics"], { maxEntries: L.topics, maxLength: L.topic }, report) ?? [],
    messageExamples: readMessageExamples(input.messageExamples, name ?? "", report) ?? [],
    postExamples: nonEmpty(
      readTextList(
        input.postExamples,
        ["postExamples"],
        { maxEntries: L.postExamples, maxLength: L.postExample },
        report,
      ),
    ),
    knowledge: readKnowledge(input.knowledge, report),
    plugins: nonEmpty(readTextList(input.plugins, ["plugins"], { maxEntries: L.plugins, maxLength: L.plugin }, report)),
    settings: readSettings(input.settings, report),
    templates: readTemplates(input.templates, report),
  };
  if (candidate.plugins) {
    report.note(
      `plugins: kept (${candidate.plugins.join(", ")}), not loaded yet: Milady loads its own plugins; a character's plugin list is a later feature`,
    );
  }
  dropUnknown(input, report);
  if (report.problems.length > 0) return { ok: false, problems: report.problems };

  // Every reader checked its part; the schema is the last word, so the result is always a valid Character.
  const optional = Object.fromEntries(Object.entries(candidate).filter(([, v]) => v !== undefined));
  const parsed = characterSchema.safeParse(optional);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      report.problem(issue.path as PathSegment[], issue.message, "correct this value and send the character again");
    }
    return { ok: false, problems: report.problems };
  }
  return { ok: true, character: parsed.data, ignored: report.ignored, notes: report.notes };
}

import { CHARACTER_LIMITS as L } from "../protocol/character";
import { isAbsent } from "./read-lists";
import { formatPath, isPlainObject, jsonTypeName, type NormaliseReport, type PathSegment, plural } from "./report";

export interface ExampleLine {
  name: string;
  text: string;
}

/** The shapes a message of an example comes in, for the notes. */
type LineShape = "0.x" | "1.x" | "milady";
const SHAPE_NAMES: Record<Exclude<LineShape, "milady">, string> = {
  "0.x": "the elizaOS 0.x {user, content: {text}} shape",
  "1.x": "the elizaOS 1.x {name, content: {text}} shape",
};

/** `{{user1}}` (0.x), `{{name1}}` (1.x) and `{{user}}` all mean "the user"; Milady writes `{{user}}`. */
const USER_PLACEHOLDER = /^\{\{\s*(user|name)\d*\s*\}\}$/i;
/** Placeholders some files use for the agent itself. */
const AGENT_PLACEHOLDER = /^\{\{\s*(agent|agentName|char)\s*\}\}$/i;

const LINE_KEYS = new Set(["name", "user", "content", "text"]);

const LINE_FIX =
  'write each message as {"name": "{{user}}", "content": {"text": "..."}} (or the agent\'s name for its own lines)';
const CONVERSATION_FIX =
  'wrap the messages of one exchange in a list: "messageExamples": [[{"name": "{{user}}", ...}, {"name": "Agent", ...}]]';

/** What the reading saw across all examples, so the notes say it once instead of once per message. */
class ExampleStats {
  readonly shapes = new Map<Exclude<LineShape, "milady">, number>();
  /** placeholder -> what it became */
  readonly placeholders = new Map<string, string>();
  readonly extras = new Map<string, { at: PathSegment[]; count: number }>();
  groups = 0;
  emptyLines = 0;
  firstEmpty?: PathSegment[];

  extra(field: string, at: PathSegment[]): void {
    const seen = this.extras.get(field);
    if (seen) seen.count++;
    else this.extras.set(field, { at, count: 1 });
  }
}

function speakerOf(raw: Record<string, unknown>): { key: "name" | "user"; value: unknown } | undefined {
  if (!isAbsent(raw.name)) return { key: "name", value: raw.name };
  if (!isAbsent(raw.user)) return { key: "user", value: raw.user };
  return undefined;
}

/** One message: its speaker and text, or "empty" for an action-only message, or undefined after a problem. */
function readLine(
  raw: unknown,
  at: PathSegment[],
  agentName: string,
  stats: ExampleStats,
  shapes: Set<LineShape>,
  report: NormaliseReport,
): ExampleLine | "empty" | undefined {
  if (!isPlainObject(raw)) {
    report.problem(at, `must be a message object, not ${jsonTypeName(raw)}`, LINE_FIX);
    return undefined;
  }
  let ok = true;
  const speaker = speakerOf(raw);
  let name = typeof speaker?.value === "string" ? speaker.value.trim() : "";
  if (!speaker || typeof speaker.value !== "string" || !name) {
    report.problem(
      speaker ? [...at, speaker.key] : at,
      speaker ? `the speaker must be text, not ${jsonTypeName(speaker.value)}` : "has no speaker",
      'add "name": "{{user}}" for the user\'s side, or the agent\'s name for its own',
    );
    ok = false;
  } else if (USER_PLACEHOLDER.test(name) || AGENT_PLACEHOLDER.test(name)) {
    const mapped = USER_PLACEHOLDER.test(name) ? "{{user}}" : agentName;
    if (mapped !== name) stats.placeholders.set(name, mapped);
    name = mapped;
  } else if (name.length > L.exampleSpeaker) {
    report.problem([...at, speaker.key], `the speaker is longer than ${L.exampleSpeaker} characters`, "shorten it");
    ok = false;
  }

  let text: unknown;
  let textAt: PathSegment[];
  if (!isAbsent(raw.content)) {
    shapes.add(speaker?.key === "user" ? "0.x" : "1.x");
    if (typeof raw.content === "string") {
      text = raw.content;
      textAt = [...at, "content"];
    } else if (isPlainObject(raw.content)) {
      text = raw.content.text ?? "";
      textAt = [...at, "content", "text"];
      for (const key of Object.keys(raw.content))
        if (key !== "text") stats.extra(`content.${key}`, [...at, "content", key]);
    } else {
      report.problem([...at, "content"], `must be an object with text, not ${jsonTypeName(raw.content)}`, LINE_FIX);
      return undefined;
    }
  } else if (!isAbsent(raw.text)) {
    shapes.add(speaker?.key === "user" ? "0.x" : "milady");
    text = raw.text;
    textAt = [...at, "text"];
  } else {
    report.problem(at, "has no text", LINE_FIX);
    return undefined;
  }
  for (const key of Object.keys(raw)) if (!LINE_KEYS.has(key)) stats.extra(key, [...at, key]);

  if (typeof text !== "string") {
    report.problem(textAt, `must be text, not ${jsonTypeName(text)}`, 'write the message in quotes ("...")');
    return undefined;
  }
  const trimmed = text.trim();
  if (trimmed.length > L.exampleText) {
    report.problem(textAt, `is longer than ${L.exampleText} characters`, "shorten the message");
    return undefined;
  }
  if (!ok) return undefined;
  if (!trimmed) {
    stats.emptyLines++;
    stats.firstEmpty ??= at;
    return "empty";
  }
  return { name, text: trimmed };
}

/** One conversation; "dropped" when too few messages have text, undefined after a problem. */
function readConversation(
  raw: unknown[],
  at: PathSegment[],
  agentName: string,
  stats: ExampleStats,
  report: NormaliseReport,
): ExampleLine[] | "dropped" | undefined {
  const shapes = new Set<LineShape>();
  const lines: ExampleLine[] = [];
  let failed = false;
  raw.forEach((item, j) => {
    const line = readLine(item, [...at, j], agentName, stats, shapes, report);
    if (line === undefined) failed = true;
    else if (line !== "empty") lines.push(line);
  });
  if (failed) return undefined;
  for (const shape of shapes) if (shape !== "milady") stats.shapes.set(shape, (stats.shapes.get(shape) ?? 0) + 1);
  if (lines.length < L.exampleMinLines) {
    report.note(
      `${formatPath(at)}: dropped: an example needs at least ${L.exampleMinLines} messages with text (the user's and the agent's)`,
    );
    return "dropped";
  }
  if (lines.length > L.exampleMaxLines) {
    report.note(`${formatPath(at)}: kept the first ${L.exampleMaxLines} of ${lines.length} messages (the limit)`);
    lines.length = L.exampleMaxLines;
  }
  return lines;
}

/**
 * The conversations inside one entry of `messageExamples`: a list of messages, or a group
 * `{examples: [...]}` holding one conversation (a list of messages) or several.
 */
function conversationsOf(
  entry: unknown,
  at: PathSegment[],
  stats: ExampleStats,
  report: NormaliseReport,
): Array<{ raw: unknown[]; at: PathSegment[] }> {
  if (Array.isArray(entry)) return [{ raw: entry, at }];
  if (isPlainObject(entry) && Array.isArray(entry.examples)) {
    stats.groups++;
    for (const key of Object.keys(entry)) {
      if (key !== "examples") report.drop([...at, key], "only the examples of an {examples: [...]} group are kept");
    }
    const inner = entry.examples;
    if (inner.length > 0 && inner.every(Array.isArray)) {
      return inner.map((conversation, k) => ({ raw: conversation as unknown[], at: [...at, "examples", k] }));
    }
    return [{ raw: inner, at: [...at, "examples"] }];
  }
  report.problem(
    at,
    isPlainObject(entry)
      ? "is a single message, not a conversation"
      : `must be a conversation, not ${jsonTypeName(entry)}`,
    CONVERSATION_FIX,
  );
  return [];
}

/**
 * `messageExamples` in every shape files have: [[{user, content: {text}}]] (elizaOS 0.x),
 * [[{name, content: {text}}]] (1.x), [[{name, text}]] (Milady) and [{examples: [...]}] groups.
 * Milady keeps each message's speaker and text; placeholders for the user become `{{user}}`.
 */
export function readMessageExamples(
  value: unknown,
  agentName: string,
  report: NormaliseReport,
): ExampleLine[][] | undefined {
  if (isAbsent(value)) return undefined;
  const at: PathSegment[] = ["messageExamples"];
  if (!Array.isArray(value)) {
    report.problem(at, `must be a list of conversations, not ${jsonTypeName(value)}`, CONVERSATION_FIX);
    return undefined;
  }
  const stats = new ExampleStats();
  const out: ExampleLine[][] = [];
  let failed = false;
  value.forEach((entry, i) => {
    for (const conversation of conversationsOf(entry, [...at, i], stats, report)) {
      const lines = readConversation(conversation.raw, conversation.at, agentName, stats, report);
      if (lines === undefined) failed = true;
      else if (lines !== "dropped") out.push(lines);
    }
  });
  for (const [shape, count] of stats.shapes) {
    report.note(`messageExamples: ${plural(count, "example")} converted from ${SHAPE_NAMES[shape]}`);
  }
  if (stats.groups > 0) {
    report.note(`messageExamples: ${plural(stats.groups, "{examples: [...]} group")} unwrapped into plain examples`);
  }
  if (stats.placeholders.size > 0) {
    const renamed = [...stats.placeholders].map(([from, to]) => `${from} -> ${to}`).join(", ");
    report.note(`messageExamples: speaker placeholders renamed (${renamed})`);
  }
  if (stats.emptyLines > 0 && stats.firstEmpty) {
    report.note(
      `messageExamples: dropped ${plural(stats.emptyLines, "message")} with no text (the first at ${formatPath(stats.firstEmpty)}; an action-only reply has nothing to imitate)`,
    );
  }
  for (const [field, { at: first, count }] of stats.extras) {
    report.drop(
      first,
      `Milady keeps only the speaker and text of an example message${count > 1 ? ` (${field} dropped from ${count} messages)` : ""}`,
    );
  }
  if (failed) return undefined;
  if (out.length > L.examples) {
    report.note(`messageExamples: kept the first ${L.examples} of ${out.length} examples (the limit)`);
    out.length = L.examples;
  }
  return out;
}

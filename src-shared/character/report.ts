export type PathSegment = string | number;

/** One thing that stops a character from being used: where, what, and what the user can do. */
export interface CharacterProblem {
  /** Where it is in the file, e.g. `messageExamples[0][1].content.text`. */
  path: string;
  /** The same place as segments (zod issues put it under `character.` in milady.json). */
  at: PathSegment[];
  message: string;
  fix: string;
}

/**
 * What to do with fields Milady does not keep. A character file from elsewhere has many
 * (`clients`, `modelProvider`...): they are dropped and reported. In milady.json, Milady's
 * own file, an unknown key is an error, as it is at the top level of that file.
 */
export type UnknownFields = "ignore" | "reject";

/** `["messageExamples", 0, 1, "text"]` -> `messageExamples[0][1].text` */
export function formatPath(at: readonly PathSegment[]): string {
  let out = "";
  for (const segment of at) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out ? `.${segment}` : segment;
  }
  return out || "(root)";
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The type of a JSON value, as a user would name it in an error message. */
export function jsonTypeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return "text";
  return `a ${typeof value}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Collects every problem (not just the first), the dropped fields and the conversions made. */
export class NormaliseReport {
  readonly problems: CharacterProblem[] = [];
  readonly ignored: string[] = [];
  readonly notes: string[] = [];

  constructor(readonly unknownFields: UnknownFields) {}

  problem(at: PathSegment[], message: string, fix: string): void {
    this.problems.push({ path: formatPath(at), at, message, fix });
  }

  note(text: string): void {
    this.notes.push(text);
  }

  /**
   * A field Milady does not keep. `why` is a whole sentence; `fix` says what to do instead
   * (for secrets: where they go). Never pass a secret's value in either.
   */
  drop(at: PathSegment[], why: string, fix?: string): void {
    if (this.unknownFields === "reject") {
      this.problem(at, why, fix ?? "remove it (PUT /api/character imports a file, drops such fields and lists them)");
      return;
    }
    this.ignored.push(`${formatPath(at)}: ${why}${fix ? `; ${fix}` : ""}`);
  }
}

/** The 400 answer for a character with problems: every problem in the message, every fix in the fix. */
export function describeCharacterProblems(problems: readonly CharacterProblem[]): { message: string; fix: string } {
  const header = `the character has ${plural(problems.length, "problem")}:`;
  return {
    message: [header, ...problems.map((p) => `- ${p.path}: ${p.message}`)].join("\n"),
    fix: problems.map((p) => `- ${p.path}: ${p.fix}`).join("\n"),
  };
}

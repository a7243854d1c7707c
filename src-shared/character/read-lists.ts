import { unstorableReason } from "../protocol/storable-text";
import { formatPath, jsonTypeName, type NormaliseReport, type PathSegment, plural } from "./report";

export interface TextListSpec {
  /** Entries kept; the rest is cut with a note (elizaOS samples these lists, so a cut loses little). */
  maxEntries: number;
  /** Characters per entry; a longer one is a problem, since cutting text changes what it says. */
  maxLength: number;
}

/** True when the value is absent; files write `null` for "not set" too. */
export function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

/** Checks one text entry; returns it trimmed, "" for an empty one, or undefined after reporting a problem. */
export function readText(
  value: unknown,
  at: PathSegment[],
  maxLength: number,
  report: NormaliseReport,
): string | undefined {
  if (typeof value !== "string") {
    report.problem(at, `must be text, not ${jsonTypeName(value)}`, 'write it in quotes ("...") or remove it');
    return undefined;
  }
  const text = value.trim();
  const unstorable = unstorableReason(text);
  if (unstorable) {
    report.problem(at, unstorable, "remove that character (often left by copying from a PDF or a binary file)");
    return undefined;
  }
  if (text.length > maxLength) {
    report.problem(
      at,
      `is ${text.length} characters long; the limit is ${maxLength}`,
      "shorten it, or split it into several entries",
    );
    return undefined;
  }
  return text;
}

/**
 * A list of text as character files write it: an array of strings, or one string (elizaOS
 * allows `bio: "..."`). Entries are trimmed, empty ones are dropped and the list is cut at
 * `maxEntries`, each with a note; an entry that is not text is a problem at its index.
 */
export function readTextList(
  value: unknown,
  at: PathSegment[],
  spec: TextListSpec,
  report: NormaliseReport,
): string[] | undefined {
  if (isAbsent(value)) return undefined;
  const path = formatPath(at);
  let entries: unknown[];
  if (typeof value === "string") {
    entries = [value];
    if (value.trim()) report.note(`${path}: one string, read as a list of one entry`);
  } else if (Array.isArray(value)) {
    entries = value;
  } else {
    report.problem(
      at,
      `must be a list of text, not ${jsonTypeName(value)}`,
      `write it as ["first entry", "second entry"] or as one string`,
    );
    return undefined;
  }
  const out: string[] = [];
  let empty = 0;
  let failed = false;
  entries.forEach((entry, i) => {
    const text = readText(entry, typeof value === "string" ? at : [...at, i], spec.maxLength, report);
    if (text === undefined) failed = true;
    else if (text === "") empty++;
    else out.push(text);
  });
  if (failed) return undefined;
  if (empty > 0) report.note(`${path}: dropped ${plural(empty, "empty entry", "empty entries")}`);
  if (out.length > spec.maxEntries) {
    report.note(`${path}: kept the first ${spec.maxEntries} of ${out.length} entries (the limit)`);
    out.length = spec.maxEntries;
  }
  return out;
}

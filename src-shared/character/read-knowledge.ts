import { type KnowledgeItem, CHARACTER_LIMITS as L } from "../protocol/character";
import { isAbsent, readText } from "./read-lists";
import { isPlainObject, jsonTypeName, type NormaliseReport, type PathSegment, plural } from "./report";

const ITEM_FIX = 'write it as a string, {"path": "docs/file.md"} or {"directory": "docs"}, or remove it';

function readItem(raw: unknown, at: PathSegment[], report: NormaliseReport): KnowledgeItem | "empty" | undefined {
  if (typeof raw === "string") return readText(raw, at, L.knowledgeItem, report) || "empty";
  if (!isPlainObject(raw)) {
    report.problem(at, `must be a string or a {path} / {directory} object, not ${jsonTypeName(raw)}`, ITEM_FIX);
    return undefined;
  }
  const key = typeof raw.path === "string" ? "path" : typeof raw.directory === "string" ? "directory" : undefined;
  if (!key) {
    report.problem(at, "has neither a path nor a directory", ITEM_FIX);
    return undefined;
  }
  const location = readText(raw[key], [...at, key], L.knowledgeItem, report);
  if (location === undefined) return undefined;
  if (!location) return "empty";
  if (!isAbsent(raw.shared) && typeof raw.shared !== "boolean") {
    report.problem([...at, "shared"], "must be true or false", 'write "shared": true, or remove it');
    return undefined;
  }
  for (const extra of Object.keys(raw)) {
    if (extra !== key && extra !== "shared")
      report.drop([...at, extra], "a knowledge item keeps its path (or directory) and shared");
  }
  const shared = typeof raw.shared === "boolean" ? { shared: raw.shared } : {};
  return key === "path" ? { path: location, ...shared } : { directory: location, ...shared };
}

/**
 * `knowledge`: strings (facts in elizaOS 0.x, file paths in 1.x), `{path}` and `{directory}`.
 * Kept as they are; Milady's knowledge store does not load them yet.
 */
export function readKnowledge(value: unknown, report: NormaliseReport): KnowledgeItem[] | undefined {
  if (isAbsent(value)) return undefined;
  const at: PathSegment[] = ["knowledge"];
  const items = typeof value === "string" ? [value] : value;
  if (!Array.isArray(items)) {
    report.problem(
      at,
      `must be a list, not ${jsonTypeName(value)}`,
      `write it as ["a fact", {"path": "docs/file.md"}]`,
    );
    return undefined;
  }
  const out: KnowledgeItem[] = [];
  let failed = false;
  items.forEach((raw, i) => {
    const item = readItem(raw, typeof value === "string" ? at : [...at, i], report);
    if (item === undefined) failed = true;
    else if (item !== "empty") out.push(item);
  });
  if (failed || out.length === 0) return undefined;
  if (out.length > L.knowledgeItems) {
    report.note(`knowledge: kept the first ${L.knowledgeItems} of ${out.length} items (the limit)`);
    out.length = L.knowledgeItems;
  }
  report.note(
    `knowledge: ${plural(out.length, "item")} kept with the character, not loaded yet; to search documents now, add them on the Knowledge tab`,
  );
  return out;
}

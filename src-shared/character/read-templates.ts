import { CHARACTER_LIMITS as L } from "../protocol/character";
import { isAbsent, readText } from "./read-lists";
import { isPlainObject, jsonTypeName, type NormaliseReport, type PathSegment, plural } from "./report";

/** `templates`: elizaOS prompt templates by name. JSON can only hold the string kind (not functions). */
export function readTemplates(value: unknown, report: NormaliseReport): Record<string, string> | undefined {
  if (isAbsent(value)) return undefined;
  const at: PathSegment[] = ["templates"];
  if (!isPlainObject(value)) {
    report.problem(
      at,
      `must be an object of named templates, not ${jsonTypeName(value)}`,
      'write it as {"messageHandlerTemplate": "..."}, or remove it',
    );
    return undefined;
  }
  const out: Record<string, string> = {};
  let empty = 0;
  let failed = false;
  for (const [name, template] of Object.entries(value)) {
    if (name.length > L.templateName) {
      report.problem(
        [...at, name],
        `the name is longer than ${L.templateName} characters`,
        "use the template's elizaOS name",
      );
      failed = true;
      continue;
    }
    if (typeof template !== "string") {
      report.problem(
        [...at, name],
        `must be a prompt template (text), not ${jsonTypeName(template)}`,
        "write the template as a string, or remove it",
      );
      failed = true;
      continue;
    }
    // A template is kept as written (its whitespace is part of the prompt); only the length is checked.
    if (readText(template, [...at, name], L.template, report) === undefined) failed = true;
    else if (template.trim() === "") empty++;
    else out[name] = template;
  }
  if (failed) return undefined;
  if (empty > 0) report.note(`templates: dropped ${plural(empty, "empty template")}`);
  const names = Object.keys(out);
  if (names.length > L.templates) {
    report.problem(at, `has ${names.length} templates; the limit is ${L.templates}`, "keep the templates you use");
    return undefined;
  }
  return names.length > 0 ? out : undefined;
}

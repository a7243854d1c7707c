import type { z } from "zod";
import { formatPath, type PathSegment } from "../../src-shared/character";

/** A config that cannot be used. The message names the source, the key and what is allowed. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly source: string,
    readonly key?: string,
  ) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Lines shown before "...and N more": a character pasted in whole can have many problems at once. */
const SHOWN_ISSUES = 30;

const keyOf = (issue: z.core.$ZodIssue) =>
  formatPath(issue.path.filter((p): p is PathSegment => typeof p !== "symbol"));

export function describeIssues(issues: readonly z.core.$ZodIssue[]): { key: string; text: string } {
  const first = issues[0];
  const key = first ? keyOf(first) : "(root)";
  const lines = issues.slice(0, SHOWN_ISSUES).map((issue) => {
    const unknown = issue.code === "unrecognized_keys" ? ` (${issue.keys.join(", ")})` : "";
    return `  - ${keyOf(issue)}: ${issue.message}${unknown}`;
  });
  if (issues.length > SHOWN_ISSUES) lines.push(`  ...and ${issues.length - SHOWN_ISSUES} more`);
  return { key, text: lines.join("\n") };
}

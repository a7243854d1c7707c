import type { z } from "zod";

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

export function describeIssues(issues: readonly z.core.$ZodIssue[]): { key: string; text: string } {
  const first = issues[0];
  const key = first?.path.length ? first.path.join(".") : "(root)";
  const lines = issues.slice(0, 5).map((issue) => {
    const path = issue.path.length ? issue.path.join(".") : "(root)";
    const unknown = issue.code === "unrecognized_keys" ? ` (${issue.keys.join(", ")})` : "";
    return `  - ${path}: ${issue.message}${unknown}`;
  });
  return { key, text: lines.join("\n") };
}

import { logger } from "@elizaos/core";

/**
 * plugin-sql logs a failed statement whole through elizaOS's logger ("Database operation failed,
 * retrying ... Failed query: insert into memories ... params: <the user's text>"), on the console
 * the journal or a terminal keeps. Milady never logs a statement or its parameters (they can carry
 * what the user wrote), so every elizaOS log call has the text after "Failed query:" withheld.
 */
const MARK = "Failed query:";
const WITHHELD = "[the statement is not logged]";

export function withholdFailedStatements(): void {
  const target = logger as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const level of ["fatal", "error", "warn", "info", "debug", "trace"]) {
    const original = target[level];
    if (typeof original !== "function" || (original as { withheld?: boolean }).withheld) continue;
    const wrapped = (...args: unknown[]) => original.apply(logger, args.map(withhold));
    (wrapped as { withheld?: boolean }).withheld = true;
    target[level] = wrapped;
  }
}

export function withhold(value: unknown): unknown {
  if (typeof value === "string") return cut(value);
  if (value instanceof Error) return cut(value.message);
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      copy[key] = typeof field === "string" || field instanceof Error ? withhold(field) : field;
    }
    return copy;
  }
  return value;
}

const cut = (text: string) => {
  const at = text.indexOf(MARK);
  if (at === -1) return text;
  const before = text.slice(0, at).trimEnd();
  return before ? `${before} ${WITHHELD}` : WITHHELD;
};

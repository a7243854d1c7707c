/** `{{name}}` -> its value (`encode` for URLs); an unknown or missing name becomes empty. */
export function fill(template: string, values: Record<string, string>, encode?: (v: string) => string): string {
  return template.replace(/\{\{\s*([a-zA-Z][a-zA-Z0-9_]*)\s*\}\}/g, (_, name: string) => {
    const value = values[name] ?? "";
    return encode ? encode(value) : value;
  });
}

/** Fills every string inside a JSON value. */
export function fillJson(value: unknown, values: Record<string, string>): unknown {
  if (typeof value === "string") return fill(value, values);
  if (Array.isArray(value)) return value.map((v) => fillJson(v, values));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillJson(v, values)]));
  }
  return value;
}

/** Cuts text to `max` characters and says so. */
export function bound(text: string, max: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed;
  return `${trimmed.slice(0, max)}\n[truncated: ${trimmed.length - max} more characters]`;
}

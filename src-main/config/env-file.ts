/** Minimal .env reader/writer: KEY=VALUE lines, # comments, optional quotes. */

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)?\s*$/;

function unquote(raw: string): string {
  const value = raw.trim();
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) {
    const inner = value.slice(1, -1);
    return value[0] === '"' ? inner.replace(/\\n/g, "\n").replace(/\\"/g, '"') : inner;
  }
  const hash = value.indexOf(" #");
  return hash >= 0 ? value.slice(0, hash).trim() : value;
}

export function parseEnvText(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(#|$)/.test(line)) continue;
    const match = LINE.exec(line);
    if (match) out[match[1]] = unquote(match[2] ?? "");
  }
  return out;
}

function quote(value: string): string {
  return /^[A-Za-z0-9_./:@+-]*$/.test(value) ? value : `"${value.replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/** Sets or removes (null) keys, keeping every other line and comment as it was. */
export function updateEnvText(text: string, updates: Record<string, string | null>): string {
  const pending = new Map(Object.entries(updates));
  const lines = text === "" ? [] : text.replace(/\n$/, "").split(/\r?\n/);
  const kept: string[] = [];
  for (const line of lines) {
    const match = LINE.exec(line);
    const key = match?.[1];
    if (key && pending.has(key)) {
      const value = pending.get(key);
      pending.delete(key);
      if (value !== null && value !== undefined) kept.push(`${key}=${quote(value)}`);
      continue;
    }
    kept.push(line);
  }
  for (const [key, value] of pending) if (value !== null) kept.push(`${key}=${quote(value)}`);
  return kept.length ? `${kept.join("\n")}\n` : "";
}

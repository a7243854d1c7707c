/**
 * A deep copy of what a database adapter returns, for the read cache (read-cache.ts): every
 * caller gets its own copy because elizaOS code mutates what it reads. `structuredClone` was
 * ~5% of a DM turn's CPU in a profile (it serialises and parses back every memory, room and
 * entity); plain objects, arrays, Dates and typed arrays are copied here directly, anything else
 * (Map, Set, a typed array, a class instance, a cycle) by `structuredClone`, so the copy is the
 * same either way. One difference: an object reached twice is copied twice (structuredClone
 * copies it once and shares it); adapter rows are trees built per query, so none is.
 */
const MAX_DEPTH = 64;

class NotPlain extends Error {}

export function plainCopy<T>(value: T): T {
  if (value === null || typeof value !== "object") return value;
  try {
    return copyValue(value, 0) as T;
  } catch (err) {
    if (err instanceof NotPlain) return structuredClone(value);
    throw err;
  }
}

function copyValue(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== "object") {
    // structuredClone throws on functions and symbols; so does this, through it.
    if (typeof value === "function" || typeof value === "symbol") throw new NotPlain();
    return value;
  }
  // Deeper than any row: probably a cycle, which only structuredClone keeps.
  if (depth > MAX_DEPTH) throw new NotPlain();
  const proto = Object.getPrototypeOf(value);
  if (proto === Array.prototype) {
    const from = value as unknown[];
    const to = new Array(from.length);
    for (let i = 0; i < from.length; i++) {
      // A hole stays a hole, as structuredClone keeps it.
      if (i in from) to[i] = copyValue(from[i], depth + 1);
    }
    return to;
  }
  if (proto === Object.prototype || proto === null) {
    // Own enumerable string keys, read with [[Get]], into a plain object: what structuredClone does.
    const to: Record<string, unknown> = {};
    const from = value as Record<string, unknown>;
    for (const key of Object.keys(from)) to[key] = copyValue(from[key], depth + 1);
    return to;
  }
  if (value instanceof Date) return new Date(value.getTime());
  throw new NotPlain();
}

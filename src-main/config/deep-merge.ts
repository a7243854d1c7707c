import { MiladyError } from "../../src-shared/protocol";

export type Plain = Record<string, unknown>;

/** Keys that reach an object's prototype instead of the object: never a config key. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export function assertSafeKey(key: string, path: string): void {
  if (FORBIDDEN_KEYS.has(key)) {
    throw new MiladyError("validation_failed", `${path}: "${key}" is not allowed as a config key`);
  }
}

export function isPlainObject(value: unknown): value is Plain {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Merges `over` into `base` (new object): arrays and scalars replace, objects
 * merge, undefined is skipped, and null removes the key (back to its default).
 */
export function deepMerge(base: Plain, over: Plain, at = ""): Plain {
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(over)) {
    assertSafeKey(key, at ? `${at}.${key}` : key);
    if (value === undefined) continue;
    if (value === null) {
      delete out[key];
      continue;
    }
    out[key] =
      isPlainObject(value) && isPlainObject(out[key])
        ? deepMerge(out[key] as Plain, value, at ? `${at}.${key}` : key)
        : value;
  }
  return out;
}

/** Sets a dotted key ("server.port") in a nested object, creating objects on the way. */
export function setPath(target: Plain, dotted: string, value: unknown): Plain {
  const keys = dotted.split(".");
  for (const key of keys) assertSafeKey(key, dotted);
  const root: Plain = { ...target };
  let node = root;
  for (const key of keys.slice(0, -1)) {
    const next = isPlainObject(node[key]) ? { ...(node[key] as Plain) } : {};
    node[key] = next;
    node = next;
  }
  node[keys.at(-1)!] = value;
  return root;
}

export function getPath(source: unknown, dotted: string): unknown {
  let node: unknown = source;
  for (const key of dotted.split(".")) {
    if (!isPlainObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

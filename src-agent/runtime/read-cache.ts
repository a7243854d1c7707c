import type { IDatabaseAdapter } from "@elizaos/core";

/**
 * Reads the agent repeats within a turn: a DM turn asked PGlite for the same room ~14 times,
 * the same participant state ~8, the worlds, entities and recent messages several times each
 * (elizaOS composes state in several passes and every provider looks things up on its own).
 * Each answer is the same until something is written, so it is kept until the next write
 * through the adapter, and identical reads in flight share one query.
 */
const CACHED_READS = [
  "getAgent",
  "getAllWorlds",
  "getWorld",
  "getRoomsByIds",
  "getRoomsByWorld",
  "getRoomsForParticipant",
  "getRoomsForParticipants",
  "getParticipantsForRoom",
  "getParticipantsForEntity",
  "getParticipantUserState",
  "isRoomParticipant",
  "getEntitiesByIds",
  "getEntitiesForRoom",
  "getComponent",
  "getComponents",
  "getMemories",
  "getMemoryById",
  "getMemoriesByIds",
  "getMemoriesByRoomIds",
  "countMemories",
  "getRelationship",
  "getRelationships",
  "getCache",
  "getTask",
  "getTasks",
  "getTasksByName",
] as const;

/**
 * What changes rows the cached reads return. The adapter's own helpers (withDatabase,
 * withRetry...) run inside reads and are left alone; `log` writes only the logs table, which is
 * never read through the cache. A write method a newer plugin-sql adds under another name is
 * still bounded by MAX_AGE_MS.
 */
const WRITE = /^(create|update|delete|add|remove|set|ensure|cleanup|upsert|runPluginMigrations|initialize|init$)/;

/** How long an answer may be kept even without a write: a bound for writes that bypass the adapter. */
const MAX_AGE_MS = 2_000;

interface Entry {
  generation: number;
  at: number;
  value: Promise<unknown>;
}

export interface ReadCache {
  /** Forget every kept answer (raw SQL writers call it: an import, a migration). */
  invalidate(): void;
  stats(): { hits: number; misses: number };
}

export function cacheAdapterReads(adapter: IDatabaseAdapter, now: () => number = Date.now): ReadCache {
  const entries = new Map<string, Entry>();
  let generation = 0;
  let hits = 0;
  let misses = 0;
  const invalidate = () => {
    generation++;
    entries.clear();
  };
  const target = adapter as unknown as Record<string, unknown>;
  const cached = new Set<string>(CACHED_READS);

  for (const name of methodNames(adapter)) {
    const original = target[name] as (...args: unknown[]) => unknown;
    if (cached.has(name)) {
      target[name] = (...args: unknown[]) => {
        const key = `${name}:${JSON.stringify(args)}`;
        const hit = entries.get(key);
        if (hit && hit.generation === generation && now() - hit.at < MAX_AGE_MS) {
          hits++;
          return hit.value.then(copy);
        }
        misses++;
        const started = generation;
        const value = Promise.resolve(original.apply(adapter, args));
        // A write that began meanwhile bumped the generation: this answer may predate it, so it is not kept.
        if (started === generation) entries.set(key, { generation: started, at: now(), value });
        value.catch(() => entries.get(key)?.value === value && entries.delete(key));
        return value.then(copy);
      };
      continue;
    }
    if (!WRITE.test(name) || name === "deleteLog") continue;
    // A write: what was read before it may no longer hold, and a read that overlaps it must not be kept.
    target[name] = (...args: unknown[]) => {
      invalidate();
      const result = original.apply(adapter, args);
      if (result instanceof Promise) return result.finally(invalidate);
      invalidate();
      return result;
    };
  }
  return { invalidate, stats: () => ({ hits, misses }) };
}

/** Each caller gets its own copy: elizaOS code mutates what it reads (rooms' metadata, memories' content). */
function copy<T>(value: T): T {
  return value === null || typeof value !== "object" ? value : structuredClone(value);
}

function methodNames(adapter: object): string[] {
  const names = new Set<string>();
  for (let proto = adapter; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      // Plain methods only: reading a getter here would run it.
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (name !== "constructor" && typeof descriptor?.value === "function") names.add(name);
    }
  }
  return [...names];
}

import type { IDatabaseAdapter } from "@elizaos/core";
import { plainCopy } from "./plain-copy";

/**
 * Reads the agent repeats: a DM turn asked PGlite for the same room ~14 times, the same
 * participant state ~8, the worlds, entities and recent messages several times each (elizaOS
 * composes state in several passes and every provider looks things up on its own), and the
 * next turn asks again for rooms and worlds nothing changed. Each answer is kept until a write
 * through the adapter touches its family of tables, and identical reads in flight share one query.
 */
type Family = "agent" | "worlds" | "rooms" | "entities" | "memories" | "relationships" | "cache" | "tasks";

/** The cached reads and the tables their answers come from. */
const READS: Record<string, Family> = {
  getAgent: "agent",
  getAllWorlds: "worlds",
  getWorld: "worlds",
  // Rooms and their participants are one family: the participant lookups join rooms.
  getRoomsByIds: "rooms",
  getRoomsByWorld: "rooms",
  getRoomsForParticipant: "rooms",
  getRoomsForParticipants: "rooms",
  getParticipantsForRoom: "rooms",
  getParticipantsForEntity: "rooms",
  getParticipantUserState: "rooms",
  isRoomParticipant: "rooms",
  // Who is in a room: participants joined with entities and components, so entity writes reach the rooms family too.
  getEntitiesForRoom: "rooms",
  // Entities come with their components.
  getEntitiesByIds: "entities",
  getComponent: "entities",
  getComponents: "entities",
  getMemories: "memories",
  getMemoryById: "memories",
  getMemoriesByIds: "memories",
  getMemoriesByRoomIds: "memories",
  countMemories: "memories",
  getRelationship: "relationships",
  getRelationships: "relationships",
  getCache: "cache",
  getTask: "tasks",
  getTasks: "tasks",
  getTasksByName: "tasks",
};

/** Writes whose reach is known (plugin-sql 1.7.2: no cascades among these). */
const WRITES: Record<string, Family[]> = {
  createMemory: ["memories"],
  updateMemory: ["memories"],
  deleteMemory: ["memories"],
  deleteManyMemories: ["memories"],
  deleteAllMemories: ["memories"],
  createRooms: ["rooms"],
  updateRoom: ["rooms"],
  addParticipant: ["rooms"],
  addParticipantsRoom: ["rooms"],
  removeParticipant: ["rooms"],
  setParticipantUserState: ["rooms"],
  createWorld: ["worlds"],
  updateWorld: ["worlds"],
  createEntities: ["entities", "rooms"],
  updateEntity: ["entities", "rooms"],
  ensureEntityExists: ["entities", "rooms"],
  createComponent: ["entities", "rooms"],
  updateComponent: ["entities", "rooms"],
  deleteComponent: ["entities", "rooms"],
  createRelationship: ["relationships"],
  updateRelationship: ["relationships"],
  setCache: ["cache"],
  deleteCache: ["cache"],
  createTask: ["tasks"],
  updateTask: ["tasks"],
  deleteTask: ["tasks"],
  createAgent: ["agent"],
  updateAgent: ["agent"],
};
const ALL: Family[] = ["agent", "worlds", "rooms", "entities", "memories", "relationships", "cache", "tasks"];

/**
 * Any other write (deleteRoom, deleteEntity, removeWorld... cascade across tables; and whatever
 * a newer plugin-sql adds) empties every family. The adapter's own helpers (withDatabase,
 * withRetry...) run inside reads and are left alone; `log` and `deleteLog` touch only the logs
 * table, which is never read through the cache.
 */
const WRITE = /^(create|update|delete|add|remove|set|ensure|cleanup|upsert|runPluginMigrations|initialize|init$)/;
const LOGS_ONLY = new Set(["log", "deleteLog"]);

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
  const entries = Object.fromEntries(ALL.map((f) => [f, new Map<string, Entry>()])) as Record<
    Family,
    Map<string, Entry>
  >;
  const generations = Object.fromEntries(ALL.map((f) => [f, 0])) as Record<Family, number>;
  let hits = 0;
  let misses = 0;
  const invalidate = (families: Family[] = ALL) => {
    for (const family of families) {
      generations[family]++;
      entries[family].clear();
    }
  };
  const target = adapter as unknown as Record<string, unknown>;

  for (const name of methodNames(adapter)) {
    const original = target[name] as (...args: unknown[]) => unknown;
    const family = READS[name];
    if (family) {
      target[name] = (...args: unknown[]) => {
        const memories = name === "getMemories" ? memoriesQuery(args) : undefined;
        const key = memories ? memories.key : `${name}:${JSON.stringify(args)}`;
        const kept = entries[family];
        const fresh = (entry: Entry | undefined): entry is Entry =>
          entry !== undefined && entry.generation === generations[family] && now() - entry.at < MAX_AGE_MS;
        const hit = kept.get(key);
        if (fresh(hit)) {
          hits++;
          return hit.value.then(copy);
        }
        const count = memories?.count;
        const longer = memories && count !== undefined ? longerRead(kept, { ...memories, count }, fresh) : undefined;
        if (longer) {
          hits++;
          return longer.then((rows) => copy(Array.isArray(rows) ? rows.slice(0, count) : rows));
        }
        misses++;
        const started = generations[family];
        const value = Promise.resolve(original.apply(adapter, args));
        // A write that began meanwhile bumped the generation: this answer may predate it, so it is not kept.
        kept.set(key, { generation: started, at: now(), value });
        value.catch(() => kept.get(key)?.value === value && kept.delete(key));
        return value.then(copy);
      };
      continue;
    }
    if (!WRITE.test(name) || LOGS_ONLY.has(name)) continue;
    const reach = WRITES[name] ?? ALL;
    // A write: what was read before it may no longer hold, and a read that overlaps it must not be kept.
    target[name] = (...args: unknown[]) => {
      invalidate(reach);
      const result = original.apply(adapter, args);
      if (result instanceof Promise) return result.finally(() => invalidate(reach));
      invalidate(reach);
      return result;
    };
  }
  return { invalidate: () => invalidate(), stats: () => ({ hits, misses }) };
}

/** Each caller gets its own copy: elizaOS code mutates what it reads (rooms' metadata, memories' content). */
const copy = plainCopy;

/**
 * A DM turn reads the room's newest messages twice with different counts (RECENT_MESSAGES 32,
 * another provider 20) with no write between. plugin-sql orders getMemories by created_at and
 * then id, both descending, and `count` is a plain LIMIT (after any OFFSET), so the newest 20 are
 * the first 20 of the newest 32: the shorter read is served from the longer one, or from one
 * without a count. `unique: false` and no `unique` are one query in plugin-sql (`if (unique)`),
 * so they share a key, as do the same parameters in another order.
 */
interface MemoriesQuery {
  key: string;
  /** Everything but the count, as a key prefix. */
  family: string;
  /** A positive whole count: a longer read can answer it. */
  count?: number;
}

function memoriesQuery(args: unknown[]): MemoriesQuery | undefined {
  const params = args[0];
  if (args.length !== 1 || params === null || typeof params !== "object") return undefined;
  const { count, unique, ...rest } = params as Record<string, unknown>;
  if (unique) rest.unique = true;
  const sorted = Object.fromEntries(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1)));
  const family = `getMemories:${JSON.stringify(sorted)}#`;
  if (count === undefined) return { key: `${family}all`, family };
  const limit = typeof count === "number" && Number.isInteger(count) && count > 0 ? count : undefined;
  // A count plugin-sql would not use as a LIMIT (0, a fraction...) is kept only for the identical read.
  return limit === undefined
    ? { key: `${family}=${JSON.stringify(count)}`, family }
    : { key: `${family}${limit}`, family, count: limit };
}

/** A kept read of the same memories with a larger count (or none), whose first rows answer `query`. */
function longerRead(
  kept: Map<string, Entry>,
  query: MemoriesQuery & { count: number },
  fresh: (entry: Entry | undefined) => entry is Entry,
): Promise<unknown> | undefined {
  for (const [key, entry] of kept) {
    if (!key.startsWith(query.family) || !fresh(entry)) continue;
    const other = key.slice(query.family.length);
    if (other === "all" || (/^\d+$/.test(other) && Number(other) >= query.count)) return entry.value;
  }
  return undefined;
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

import {
  type Action,
  addHeader,
  composeActionExamples,
  type IAgentRuntime,
  type Memory,
  type Plugin,
  type Provider,
} from "@elizaos/core";
import { receivedLastGet, receivedMessageProvider } from "./received-last";
import { stableHistoryGet } from "./stable-history";

/**
 * plugin-bootstrap 1.7.2 builds the reply prompt's context (its providers' texts, joined in
 * `position` order) so that no two turns share more than its first ~107 characters: ACTIONS
 * comes first and core's formatActionNames / formatActions / composeActionExamples shuffle the
 * actions and pick random examples and names on every call, CHARACTER picks random bio lines,
 * topics, an adjective and message examples, ANXIETY three random lines, and TIME (the clock to
 * the second) sits in the middle. A kept llama.cpp context sequence (models/sequence-pool.ts)
 * can only reuse the head a prompt shares with the last one, so a local model re-evaluated the
 * whole prompt on every turn. Here, with elizaOS's semantics kept (every provider still runs;
 * the samples are still samples, varied across rooms):
 * - ACTIONS lists the valid actions by name and picks its examples with a random source seeded
 *   by agent + room, so within a conversation the text changes only when the valid set does;
 * - CHARACTER and ANXIETY draw their samples from the same kind of seeded source;
 * - positions put what is fixed for a conversation first (CHARACTER, ANXIETY, then Milady's
 *   channel/trust/workspace at -10/-5, ACTIONS at -1, the rest of bootstrap at 0), then what
 *   the last turn already knew: RECENT_MESSAGES (100: the history, which only grows, and the
 *   past runs), the autonomy status (105), ACTION_STATE (150) as upstream; and last what the new
 *   message brings: RECEIVED_MESSAGE (160, received-last.ts), the knowledge found for it (170),
 *   TIME (180).
 * Drop this when upstream keeps a stable order.
 */
export function stabilizePromptOrder(plugin: Plugin): void {
  if ((plugin as { miladyStablePrompt?: boolean }).miladyStablePrompt) return;
  for (const provider of plugin.providers ?? []) {
    const change = CHANGES[provider.name];
    if (!change) continue;
    if (change.position !== undefined) provider.position = change.position;
    if (change.wrap) provider.get = change.wrap(provider.get.bind(provider), provider.name);
  }
  // RECENT_MESSAGES' received part, moved after what the last turn already knew (received-last.ts).
  plugin.providers = [...(plugin.providers ?? []), receivedMessageProvider];
  (plugin as { miladyStablePrompt?: boolean }).miladyStablePrompt = true;
}

/**
 * The fixed character text leads (before Milady's channel/trust/session at -10); the clock comes
 * last, after the message being answered (RECEIVED_MESSAGE) and the knowledge found for it (170).
 */
export const STABLE_POSITIONS = { CHARACTER: -30, ANXIETY: -20, TIME: 180 } as const;

type Get = Provider["get"];
const CHANGES: Record<string, { position?: number; wrap?: (get: Get, name: string) => Get }> = {
  CHARACTER: { position: STABLE_POSITIONS.CHARACTER, wrap: (get, name) => seededCharacterGet(get, name) },
  ANXIETY: { position: STABLE_POSITIONS.ANXIETY, wrap: (get, name) => seededGet(get, name) },
  ACTIONS: { wrap: (get, name) => orderedActionsGet(get, name) },
  TIME: { position: STABLE_POSITIONS.TIME },
  RECENT_MESSAGES: { wrap: (get) => receivedLastGet(stableHistoryGet(get)) },
};

/** The seed of a provider's samples: one per agent and room, so a conversation sees the same sample every turn. */
const seedOf = (runtime: IAgentRuntime, message: Memory, name: string) =>
  `${runtime.agentId}:${message.roomId}:${name}`;

/**
 * Runs `fn` with Math.random replaced by a seeded generator. Only for synchronous code: nothing
 * else can run (and draw from it) before it is restored.
 */
export function withSeededRandom<T>(seed: string, fn: () => T): T {
  const original = Math.random;
  Math.random = seededRandom(seed);
  try {
    return fn();
  } finally {
    Math.random = original;
  }
}

/** mulberry32 seeded with the string's FNV-1a hash. */
export function seededRandom(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  let state = h >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * ANXIETY draws its lines synchronously (it awaits nothing), so seeding the call covers all of
 * its draws: an async function runs synchronously up to its first await.
 */
function seededGet(get: Get, name: string): Get {
  return (runtime, message, state) =>
    withSeededRandom(seedOf(runtime, message, name), () => get(runtime, message, state));
}

/**
 * CHARACTER also draws before its first await (the room lookup), but it shuffles the
 * character's own bio, examples and posts IN PLACE, so the next call would start from another
 * order: it is given copies of those lists for the synchronous part of its call.
 */
function seededCharacterGet(get: Get, name: string): Get {
  return (runtime, message, state) => {
    const real = runtime.character;
    const copy = { ...real };
    for (const key of ["bio", "topics", "adjectives", "postExamples", "messageExamples"] as const) {
      const list = real[key];
      if (Array.isArray(list)) (copy as Record<string, unknown>)[key] = [...list];
    }
    runtime.character = copy;
    try {
      return withSeededRandom(seedOf(runtime, message, name), () => get(runtime, message, state));
    } finally {
      runtime.character = real;
    }
  };
}

/**
 * ACTIONS validates every action (async) and shuffles afterwards, so its get runs as upstream
 * (same validation, same data and actionsWithParams) and the shuffled texts are rebuilt from
 * the valid actions sorted by name, in core's own formats, with the examples drawn seeded.
 */
function orderedActionsGet(get: Get, name: string): Get {
  return async (runtime, message, state) => {
    const result = await get(runtime, message, state);
    const valid = (result.data as { actionsData?: Action[] } | undefined)?.actionsData;
    if (!valid || valid.length === 0) return result;
    const actions = [...valid].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const actionNames = `Possible response actions: ${actions.map((a) => a.name).join(", ")}`;
    const actionsWithDescriptions = addHeader(
      "# Available Actions",
      actions.map((a) => `- **${a.name}**: ${a.description || "No description available"}`).join("\n"),
    );
    const examples = withSeededRandom(seedOf(runtime, message, name), () => composeActionExamples(actions, 10));
    const actionExamples = addHeader("# Action Examples", examples);
    return {
      ...result,
      values: { ...result.values, actionNames, actionsWithDescriptions, actionExamples },
      text: [actionNames, actionsWithDescriptions, actionExamples].filter(Boolean).join("\n\n"),
    };
  };
}

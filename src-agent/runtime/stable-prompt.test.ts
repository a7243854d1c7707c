// bootstrap's own providers, wrapped by stabilizePromptOrder, called twice per room: the same
// text within a room (a conversation), still a varied sample across rooms, the character intact.
import { describe, expect, test } from "bun:test";
import {
  type Action,
  ChannelType,
  formatMessages,
  type IAgentRuntime,
  type Memory,
  type State,
  type UUID,
} from "@elizaos/core";
import bootstrapPlugin from "@elizaos/plugin-bootstrap";
import { DEFAULT_CHARACTER } from "../../src-shared/protocol";
import { MILADY_AGENT_ID, toElizaCharacter } from "./character-map";
import { STABLE_MESSAGE_HANDLER_TEMPLATE } from "./message-handler-template";
import { markNextTurnGuess } from "./next-turn-guess";
import { anchoredWindow, stableHistoryGet, withoutRelativeTimes } from "./stable-history";
import { STABLE_POSITIONS, seededRandom, stabilizePromptOrder, withSeededRandom } from "./stable-prompt";

stabilizePromptOrder(bootstrapPlugin);
const provider = (name: string) => {
  const p = bootstrapPlugin.providers?.find((x) => x.name === name);
  if (!p) throw new Error(`bootstrap has no ${name} provider`);
  return p;
};

const bio = Array.from({ length: 20 }, (_, i) => `Bio line ${i}.`);
const character = {
  ...toElizaCharacter(DEFAULT_CHARACTER, MILADY_AGENT_ID),
  bio,
  topics: ["tides", "lamps", "ropes", "maps", "knots", "birds", "stars"],
};
const action = (name: string): Action => ({
  name,
  description: `does ${name}`,
  similes: [],
  examples: [1, 2, 3].map((n) => [
    { name: "{{name1}}", content: { text: `${name} please ${n}` } },
    { name: "{{name2}}", content: { text: `${name} done ${n}` } },
  ]),
  validate: async () => true,
  handler: async () => undefined,
});
const runtime = {
  agentId: MILADY_AGENT_ID,
  character,
  actions: ["REPLY", "MUTE_ROOM", "IGNORE", "SEND_MESSAGE", "NONE"].map(action),
  getRoom: async () => ({ type: ChannelType.DM }),
} as unknown as IAgentRuntime;
const messageIn = (room: number) =>
  ({
    roomId: `00000000-0000-4000-8000-${String(room).padStart(12, "0")}` as UUID,
    entityId: MILADY_AGENT_ID,
    content: { text: "hi", channelType: ChannelType.DM },
  }) as Memory;
const state = { values: {}, data: {}, text: "" } as State;
const textOf = async (name: string, room: number) => (await provider(name).get(runtime, messageIn(room), state)).text;

describe("a stable reply prompt", () => {
  for (const name of ["CHARACTER", "ANXIETY", "ACTIONS"]) {
    test(`${name}: the same text on every turn of a room, other samples in other rooms`, async () => {
      const first = await textOf(name, 1);
      expect(await textOf(name, 1)).toBe(first);
      expect(await textOf(name, 1)).toBe(first);
      const others = new Set(await Promise.all([2, 3, 4, 5, 6].map((room) => textOf(name, room))));
      expect([...others].some((t) => t !== first)).toBe(true);
    });
  }

  test("CHARACTER still shows a sample of 10 bio lines and leaves the character's lists as they were", async () => {
    const text = (await textOf("CHARACTER", 1)) ?? "";
    expect(bio.filter((line) => text.includes(line)).length).toBe(10);
    expect(character.bio).toEqual(Array.from({ length: 20 }, (_, i) => `Bio line ${i}.`));
    expect(runtime.character).toBe(character);
  });

  test("ACTIONS lists the valid actions by name, with examples and descriptions", async () => {
    const text = (await textOf("ACTIONS", 1)) ?? "";
    expect(text).toContain("Possible response actions: IGNORE, MUTE_ROOM, NONE, REPLY, SEND_MESSAGE");
    expect(text.indexOf("- **IGNORE**: does IGNORE")).toBeLessThan(text.indexOf("- **REPLY**: does REPLY"));
    expect(text).toContain("# Action Examples");
    expect(text).not.toContain("{{name1}}");
  });

  test("what is fixed for a conversation comes before what changes", () => {
    const position = (name: string) => provider(name).position ?? 0;
    expect(position("CHARACTER")).toBe(STABLE_POSITIONS.CHARACTER);
    expect(position("CHARACTER")).toBeLessThan(position("ACTIONS"));
    expect(position("ANXIETY")).toBeLessThan(position("ACTIONS"));
    expect(position("ACTIONS")).toBeLessThan(position("RECENT_MESSAGES"));
    expect(position("RECENT_MESSAGES")).toBeLessThan(position("TIME"));
  });

  test("Math.random is seeded only inside the call and restored after, even when it throws", () => {
    const original = Math.random;
    const a = withSeededRandom("x", () => [Math.random(), Math.random()]);
    expect(withSeededRandom("x", () => [Math.random(), Math.random()])).toEqual(a);
    expect(withSeededRandom("y", () => Math.random())).not.toBe(a[0]);
    expect(() =>
      withSeededRandom("x", () => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(Math.random).toBe(original);
    const r = seededRandom("z");
    for (let i = 0; i < 100; i++) expect(r()).toBeWithin(0, 1);
  });

  test("the template is Milady's unless the character brings its own", () => {
    expect(character.templates?.messageHandlerTemplate).toBe(STABLE_MESSAGE_HANDLER_TEMPLATE);
    const own = toElizaCharacter(
      { ...DEFAULT_CHARACTER, templates: { messageHandlerTemplate: "<task>Mine {{providers}}</task>" } },
      MILADY_AGENT_ID,
    );
    expect(own.templates?.messageHandlerTemplate).toBe("<task>Mine {{providers}}</task>");
    // Fixed instructions first, the providers after them.
    expect(STABLE_MESSAGE_HANDLER_TEMPLATE.indexOf("<instructions>")).toBeLessThan(
      STABLE_MESSAGE_HANDLER_TEMPLATE.indexOf("{{providers}}"),
    );
  });

  test("history lines lose the clock-relative '(N minutes ago)' within a day; HH:MM, ids, texts and days stay", () => {
    const now = Date.now();
    const entity = "11111111-2222-3333-4444-555555555555" as UUID;
    const at = (ago: number, text: string) =>
      ({
        id: crypto.randomUUID(),
        entityId: entity,
        roomId: entity,
        createdAt: now - ago,
        content: { text },
      }) as Memory;
    const history = formatMessages({
      messages: [
        at(2 * 86_400_000, "two days back"),
        at(3 * 3_600_000, "three hours back"),
        at(5 * 60_000, "five minutes back (just now) inside"),
        at(10_000, "seconds back"),
      ],
      entities: [{ id: entity, names: ["Ada"], agentId: MILADY_AGENT_ID, metadata: {} }],
    });
    expect(history).toContain("just now");
    const stable = withoutRelativeTimes(history);
    expect(stable).not.toMatch(/\((just now|\d+ (minute|hour)s? ago)\) \[/);
    expect(stable).toContain("(2 days ago)");
    expect(stable).toContain("five minutes back (just now) inside");
    const lines = stable.split("\n");
    expect(lines).toHaveLength(4);
    for (const line of lines)
      expect(line).toMatch(/^\d{2}:\d{2} (\(2 days ago\) )?\[11111111-2222-3333-4444-555555555555\] Ada: /);
  });

  test("the history window's first message moves in steps of half the length, showing more than half of it", () => {
    const starts: number[] = [];
    for (let total = 0; total <= 200; total++) {
      const shown = anchoredWindow(total, 32);
      if (total <= 32) expect(shown).toBe(total);
      else {
        expect(shown).toBeGreaterThan(16);
        expect(shown).toBeLessThanOrEqual(32);
      }
      starts.push(total - shown);
    }
    // The start stays put for 16 messages at a time, then jumps by 16.
    const jumps = starts.flatMap((s, i) => (i > 0 && s !== starts[i - 1] ? [s - (starts[i - 1] as number)] : []));
    expect(new Set(jumps)).toEqual(new Set([16]));
    expect(jumps).toHaveLength(Math.floor((200 - 33) / 16) + 1);
    expect(anchoredWindow(5, 1)).toBe(1);
  });

  test("a guess at the next turn shows the history that turn will: the same first message, all but the turn's own", async () => {
    // A room of `stored` messages, newest last; bootstrap's history shows the newest `length` of them.
    const historyOf = async (stored: number, message: Memory) => {
      let asked = -1;
      const room = {
        getConversationLength: () => 32,
        countMemories: async () => stored,
      } as unknown as IAgentRuntime;
      const get = stableHistoryGet(async (rt) => {
        asked = rt.getConversationLength();
        return { text: "" };
      });
      await get(room, message, state);
      return Array.from({ length: stored }, (_, i) => i).slice(stored - asked);
    };
    for (let stored = 1; stored <= 120; stored++) {
      const guess = await historyOf(stored, markNextTurnGuess({ ...messageIn(1) }));
      // The next turn: its own message stored, newest.
      const next = await historyOf(stored + 1, messageIn(1));
      expect(guess).toEqual(next.slice(0, -1));
    }
  });
});

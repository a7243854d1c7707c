// RECENT_MESSAGES' received part moved after what the last turn already knew (received-last.ts):
// split only in a composition that also runs RECEIVED_MESSAGE, and only where it is exact.
import { describe, expect, test } from "bun:test";
import type { IAgentRuntime, Memory, Provider, ProviderResult, State, UUID } from "@elizaos/core";
import { markNextTurnGuess } from "./next-turn-guess";
import { RECEIVED_POSITION, receivedLastGet, receivedMessageProvider, splitReceived } from "./received-last";

const USER = "a1938d30-3f53-0d7d-940e-83d8ed8873b1";
const AGENT = "c2c534a3-502f-0b7a-a4ce-111e485c720e";
const at = new Date(2026, 11, 2, 9, 41).getTime();
const message = (text: string, extra: Partial<Memory> = {}): Memory =>
  ({
    id: "00000000-0000-4000-8000-000000000001" as UUID,
    entityId: USER as UUID,
    roomId: "00000000-0000-4000-8000-0000000000aa" as UUID,
    content: { text },
    createdAt: at,
    ...extra,
  }) as Memory;

/** What bootstrap's RECENT_MESSAGES gives for a DM whose history ends with `text` (relative ages dropped). */
const bootstrapResult = (text: string, withHistory = true): ProviderResult => {
  const older = withHistory
    ? `09:40 [${USER}] Ada: hi\n09:40 [${AGENT}] Milady: hello\n (Milady's actions: REPLY)\n`
    : "";
  const history = `# Conversation Messages\n${older}09:41 [${USER}] Ada: ${text}\n`;
  const actions = "# Recent Action Executions\n**Action Run 1234abcd**\n  - REPLY (completed)\n";
  const received = `# Received Message\nAda: ${text}`;
  const focus = "# Focus your response\nYou are replying to the above message from **Ada**.";
  return {
    text: [history, actions, received, focus].join("\n\n"),
    values: { recentMessages: history, recentActionResults: actions },
  };
};

describe("splitReceived", () => {
  test("the history loses the new message's line, the received part is whole, the values stay", () => {
    const result = bootstrapResult("what's the tide?");
    const split = splitReceived(result, message("what's the tide?"));
    expect(split?.head).toBe(
      `# Conversation Messages\n09:40 [${USER}] Ada: hi\n09:40 [${AGENT}] Milady: hello\n (Milady's actions: REPLY)\n\n\n# Recent Action Executions\n**Action Run 1234abcd**\n  - REPLY (completed)\n`,
    );
    expect(split?.received).toBe(
      "# Received Message\nAda: what's the tide?\n\n# Focus your response\nYou are replying to the above message from **Ada**.",
    );
    // Nothing is lost: head + received hold every line of bootstrap's text but the repeated one.
    const lines = new Set(`${split?.head}\n${split?.received}`.split("\n"));
    for (const line of String(result.text).split("\n"))
      if (!line.startsWith("09:41")) expect(lines.has(line)).toBe(true);
  });

  test("the first turn keeps the history's header, so where the history starts never moves", () => {
    const split = splitReceived(bootstrapResult("hi there", false), message("hi there"));
    expect(split?.head.startsWith("# Conversation Messages\n\n\n# Recent Action Executions")).toBe(true);
  });

  test("a guess at the next turn is not in its history: the history stays whole", () => {
    const result = bootstrapResult("hi again");
    const split = splitReceived(result, markNextTurnGuess(message("something else")));
    expect(split?.head.startsWith(String(result.values?.recentMessages))).toBe(true);
  });

  test("left as bootstrap wrote it: attachments, a history that ends with another message, another shape", () => {
    const result = bootstrapResult("look at this");
    const attached = message("look at this", {
      content: { text: "look at this", attachments: [{ id: "a", url: "file:///x.png" }] },
    } as Partial<Memory>);
    expect(splitReceived(result, attached)).toBeUndefined();
    expect(splitReceived(result, message("a newer message"))).toBeUndefined();
    expect(splitReceived(result, message("look at this", { entityId: AGENT as UUID }))).toBeUndefined();
    expect(splitReceived({ text: "No recent messages available", values: {} }, message("x"))).toBeUndefined();
  });
});

describe("RECEIVED_MESSAGE with RECENT_MESSAGES", () => {
  const runtime = {} as IAgentRuntime;
  const state = { values: {}, data: {}, text: "" } as State;
  const wrapped = receivedLastGet(async () => bootstrapResult("tide?"));
  const provider = receivedMessageProvider as Required<Provider>;

  test("in one composition (one synchronous loop, as composeState runs them) the text is split", async () => {
    const m = message("tide?");
    const [history, received] = await Promise.all([wrapped(runtime, m, state), provider.get(runtime, m, state)]);
    expect(history.text).not.toContain("# Received Message");
    expect(received.text).toStartWith("# Received Message\nAda: tide?");
    expect(provider.position).toBe(RECEIVED_POSITION);
  });

  test("alone, each gives what it would without the other: bootstrap's whole text, or nothing", async () => {
    const m = message("tide?");
    const history = await wrapped(runtime, m, state);
    expect(history.text).toBe(bootstrapResult("tide?").text);
    // A later composition with RECEIVED_MESSAGE only finds no open claim.
    expect((await provider.get(runtime, m, state)).text).toBe("");
  });

  test("a RECENT_MESSAGES that throws leaves RECEIVED_MESSAGE empty, not waiting", async () => {
    const failing = receivedLastGet(async () => {
      throw new Error("db down");
    });
    const m = message("tide?");
    const [history, received] = await Promise.allSettled([failing(runtime, m, state), provider.get(runtime, m, state)]);
    expect(history.status).toBe("rejected");
    expect(received).toEqual({ status: "fulfilled", value: { text: "" } });
  });
});

// A real agent (Worker, PGlite, the scripted model test double): consecutive DM reply prompts
// share a long common prefix, so a kept llama.cpp context sequence re-evaluates only the tail.
// With elizaOS 1.7.2's own order they share ~107 characters (shuffled actions first, random
// character and anxiety lines, the time to the second). The prompts are read back from the
// `useModel:TEXT_LARGE` log rows, which are kept whole at log level debug (log-rows.ts).
import { afterAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { fuzzystrmatch } from "@electric-sql/pglite/contrib/fuzzystrmatch";
import { vector } from "@electric-sql/pglite/vector";
import { conversationsContract } from "../../src-shared/contracts";
import { AgentClient, preparedDataDir, scriptedBoot, tempDir } from "../host/agent-client.test-util";
import { isAgentResponsePrompt } from "../models/agent-response-grammar";

const stateDir = tempDir("prompt-prefix");
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

/** 2 messages a turn: past turn 16 the room holds more than the history's 32, and its window moves. */
const TURNS = 24;

const sharedPrefix = (a: string, b: string) => {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
};

async function replyPrompts(dataDir: string): Promise<string[]> {
  const db = new PGlite(dataDir, { extensions: { vector, fuzzystrmatch } });
  try {
    const { rows } = await db.query<{ prompt: string }>(
      `SELECT body->>'prompt' AS prompt FROM logs WHERE type = 'useModel:TEXT_LARGE' ORDER BY created_at`,
    );
    return rows.map((r) => r.prompt).filter(isAgentResponsePrompt);
  } finally {
    await db.close();
  }
}

describe("the reply prompt's order", () => {
  test(`${TURNS} DM turns: consecutive reply prompts share at least half their characters as a prefix`, async () => {
    await preparedDataDir(stateDir);
    const agent = new AgentClient("worker");
    await agent.boot(scriptedBoot(stateDir, { logLevel: "debug" }));
    const { conversation } = await agent.ok(conversationsContract, "create", {});
    for (let i = 0; i < TURNS; i++) {
      const reply = await agent.ok(conversationsContract, "send", {
        conversationId: conversation.id,
        text: `message number ${i}`,
      });
      expect(JSON.stringify(reply)).toContain(`message number ${i}`);
    }
    await agent.shutdown();

    const prompts = await replyPrompts(join(stateDir, "db"));
    expect(prompts.length).toBe(TURNS);
    const shares: number[] = [];
    for (let i = 1; i < prompts.length; i++) {
      const shared = sharedPrefix(prompts[i - 1], prompts[i]);
      shares.push(shared / prompts[i].length);
    }
    const last = prompts[TURNS - 1];
    console.log(
      `reply prompt: turn ${TURNS} ${last.length} chars; shared prefix with turn ${TURNS - 1}: ` +
        `${sharedPrefix(prompts[TURNS - 2], last)} chars (${Math.round(shares[TURNS - 2] * 100)}%); ` +
        `shares ${shares.map((s) => Math.round(s * 100)).join(" ")}`,
    );
    for (const share of shares) expect(share).toBeGreaterThanOrEqual(0.5);
    // Once the room outgrows the window, its first message moves 16 at a time (stable-history.ts),
    // not every turn: one turn of the last eight re-reads the history, not all of them.
    const lastEight = shares.slice(-8);
    expect(lastEight.filter((share) => share < 0.9).length).toBeLessThanOrEqual(1);

    // What elizaOS needs in the prompt is still there: the new message, the history, the actions.
    expect(last).toContain("# Received Message");
    expect(last).toContain(`message number ${TURNS - 1}`);
    expect(last).toContain("# Conversation Messages");
    expect(last).toContain(`message number ${TURNS - 2}`);
    expect(last).toMatch(/Possible response actions: .*REPLY/);
    expect(last).toContain("# Available Actions");
    expect(last).toContain("The current date and time is");
    // The history's lines carry HH:MM, not "(just now)", which changes with the clock.
    expect(last).not.toMatch(/\((just now|\d+ minutes? ago)\) \[/);
  }, 240_000);
});

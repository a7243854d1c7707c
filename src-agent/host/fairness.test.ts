import { afterAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { conversationsContract } from "../../src-shared/contracts";
import { MAX_QUEUED_TURNS } from "../modules/conversations/chat-turn";
import { AgentClient, preparedDataDir, scriptedBoot, tempDir } from "./agent-client.test-util";

// The real worker entry, real PGlite, the scripted model (test double).
const dir = tempDir("fairness");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("turns across conversations", () => {
  test("one busy conversation does not starve another; one conversation's queue is bounded with rate_limited", async () => {
    await preparedDataDir(dir);
    const agent = new AgentClient("worker");
    try {
      await agent.boot(scriptedBoot(dir));
      const a = (await agent.ok(conversationsContract, "create", {})).conversation.id;
      const b = (await agent.ok(conversationsContract, "create", {})).conversation.id;
      const flood = Array.from({ length: 30 }, (_, i) =>
        agent.request(conversationsContract, "send", { conversationId: a, text: `a${i}` }, 120_000),
      );
      await agent.waitForEvent(conversationsContract, "conversation_update", (u) => u.conversation.id === a);
      const single = await agent.ok(conversationsContract, "send", { conversationId: b, text: "b" }, 120_000);
      expect(single.reply.text).toBe("Echo: b");
      // B was answered while most of A was still waiting (order of replies, not time).
      const repliesBeforeB = agent
        .events(conversationsContract, "conversation_update")
        .filter((u) => u.message?.role === "agent")
        .findIndex((u) => u.conversation.id === b);
      expect(repliesBeforeB).toBeGreaterThanOrEqual(0);
      expect(repliesBeforeB).toBeLessThan(20);

      const burst = Array.from({ length: MAX_QUEUED_TURNS + 10 }, (_, i) =>
        agent.request(conversationsContract, "send", { conversationId: b, text: `burst ${i}` }, 120_000),
      );
      const answers = await Promise.all([...flood, ...burst]);
      const limited = answers.filter(({ res }) => !res.ok && res.error.code === "rate_limited");
      expect(limited.length).toBeGreaterThanOrEqual(10);
      expect(answers.filter(({ res }) => res.ok).length).toBe(answers.length - limited.length);
    } finally {
      await agent.shutdown();
    }
  }, 180_000);
});

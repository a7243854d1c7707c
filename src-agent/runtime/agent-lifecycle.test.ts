import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { conversationsContract, logsContract } from "../../src-shared/contracts";
import { AgentClient, preparedDataDir, scriptedBoot, tempDir } from "../host/agent-client.test-util";

// Real entry points and real PGlite; the scripted model is the test double.
const dirs: string[] = [];
const dir = (p: string) => {
  const d = tempDir(p);
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function damage(root: string): number {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((f) => {
      const p = join(d, f);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
  const files = walk(root);
  for (const f of files) writeFileSync(f, Buffer.alloc(Math.max(statSync(f).size, 64), 0x5a));
  return files.length;
}

describe("agent lifecycle", () => {
  // Migrate the template once, with room for a loaded machine; the tests then copy it.
  beforeAll(async () => {
    await preparedDataDir(dir("warm"));
  }, 150_000);

  test("refuses a protocol mismatch with init_failed", async () => {
    const agent = new AgentClient("worker");
    try {
      await agent.waitFor("hello");
      agent.send({ type: "init", protocolVersion: 999, boot: scriptedBoot(dir("mismatch")) });
      const failed = await agent.waitFor("init_failed");
      expect(failed.error.message).toContain("protocol mismatch");
    } finally {
      agent.terminate();
    }
  });

  test("provider none starts, canReply=false, chat answers no_model (child process)", async () => {
    const agent = new AgentClient("process");
    try {
      const stateDir = dir("none");
      await preparedDataDir(stateDir);
      const ready = await agent.boot(scriptedBoot(stateDir, { provider: "none" }));
      expect(ready.canReply).toBe(false);
      expect(ready.reason?.code).toBe("no_model");
      const { conversation } = await agent.ok(conversationsContract, "create", { title: "t" });
      const { res } = await agent.request(conversationsContract, "send", {
        conversationId: conversation.id,
        text: "hi",
      });
      expect(res.ok).toBe(false);
      expect((res as { error: { code: string; fix?: string } }).error.code).toBe("no_model");
      expect((res as { error: { fix?: string } }).error.fix).toBeTruthy();
    } finally {
      await agent.shutdown();
    }
    expect(await agent.exited).toBe(0);
  }, 60_000);

  test("a damaged PGlite dir is moved aside and the agent starts fresh", async () => {
    const root = dir("corrupt");
    const boot = scriptedBoot(root);
    await preparedDataDir(root);
    expect(damage(boot.dataDir)).toBeGreaterThan(10);

    const second = new AgentClient("worker");
    try {
      // This boot migrates a fresh database (~5 s idle; far more on a busy 2-core box).
      const ready = await second.boot(boot, undefined, 90_000);
      const backup = ready.db.recoveredBackup;
      expect(backup).toBeTruthy();
      expect(backup).toContain(".corrupt-");
      expect(existsSync(backup as string)).toBe(true);
      expect(existsSync(boot.dataDir)).toBe(true);
      const warn = second
        .events(logsContract, "log")
        .find(({ line }) => line.level === "warn" && line.msg.includes("damaged"));
      expect(warn).toBeTruthy();
      const { conversation } = await second.ok(conversationsContract, "create", {});
      const reply = await second.ok(conversationsContract, "send", {
        conversationId: conversation.id,
        text: "still here?",
      });
      expect(reply.reply.text).toBe("Echo: still here?");
    } finally {
      await second.shutdown();
    }
  }, 120_000);

  // The crash tests and the concurrency test share one data dir: later boots are fast
  // (no migrations) and prove a hard kill mid-request leaves a database that opens cleanly.
  const shared = dir("shared");
  const sharedReady = () => preparedDataDir(shared);

  for (const kind of ["worker", "process"] as const) {
    test(`[crash] takes the ${kind} agent down mid-request`, async () => {
      const agent = new AgentClient(kind);
      try {
        if (kind === "worker") await sharedReady();
        const ready = await agent.boot(scriptedBoot(shared));
        expect(ready.db.recoveredBackup).toBeUndefined();
        const { conversation } = await agent.ok(conversationsContract, "create", {});
        agent.send({
          type: "request",
          id: "c1",
          channel: "conversations",
          method: "send",
          params: { conversationId: conversation.id, text: "bye [crash]" },
        });
        const code = await Promise.race([agent.exited, Bun.sleep(10_000).then(() => "timeout")]);
        expect(code).not.toBe("timeout");
        expect(code).not.toBe(0);
        expect(agent.messages.some((m) => m.type === "response" && m.id === "c1")).toBe(false);
      } finally {
        // Never leave an agent holding the shared data dir: the next test opens it.
        agent.terminate();
        await Promise.race([agent.exited, Bun.sleep(3000)]);
      }
    }, 60_000);
  }

  test("20 conversations chat at once", async () => {
    const agent = new AgentClient("worker");
    try {
      const ready = await agent.boot(scriptedBoot(shared));
      expect(ready.db.recoveredBackup).toBeUndefined();
      const convs = await Promise.all(Array.from({ length: 20 }, () => agent.ok(conversationsContract, "create", {})));
      const replies = await Promise.all(
        convs.map((c, i) =>
          agent.ok(conversationsContract, "send", { conversationId: c.conversation.id, text: `message ${i}` }, 20_000),
        ),
      );
      expect(replies.map((r) => r.reply.text)).toEqual(convs.map((_, i) => `Echo: message ${i}`));
      const err = await agent.request(conversationsContract, "send", {
        conversationId: convs[0].conversation.id,
        text: "fail [error]",
      });
      expect((err.res as { error: { code: string } }).error.code).toBe("model_error");
    } finally {
      await agent.shutdown();
    }
  }, 120_000);
});

import { afterAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { conversationsContract, modelsContract } from "../../src-shared/contracts";
import { type ChatMessage, PROVIDER_PLUGINS } from "../../src-shared/protocol";
import { AgentClient, scriptedBoot, tempDir } from "../host/agent-client.test-util";
import { makeTestModel } from "../models/test-model";

// Real node-llama-cpp (threads: 1) on the project's tiny random-weight GGUF: proves the
// local provider is wired through the runtime, not what the model says.
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

describe("local provider (tiny GGUF)", () => {
  test("boots with the local model and answers a chat turn", async () => {
    const model = await makeTestModel();
    cleanups.push(model.cleanup);
    const dir = tempDir("local");
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const agent = new AgentClient("worker");
    try {
      const ready = await agent.boot(
        scriptedBoot(dir, {
          provider: "local",
          modelsDir: model.dir,
          local: {
            path: model.path,
            threads: 1,
            contextSize: 512,
            maxTokens: 48,
            idleUnloadSeconds: 60,
            temperature: 0,
          },
        }),
      );
      expect(ready.canReply).toBe(true);
      expect(ready.model).toMatchObject({ provider: "local", name: "tiny.gguf" });
      expect(ready.plugins.find((p) => p.name === PROVIDER_PLUGINS.local)?.status).toBe("loaded");
      const { conversation } = await agent.ok(conversationsContract, "create", {});
      const { res } = await agent.request(
        conversationsContract,
        "send",
        { conversationId: conversation.id, text: "hello" },
        30_000,
      );
      // A random-weight model may or may not fill <text>; either way the turn ends, never hangs.
      if (res.ok) {
        const reply = (res.result as { reply: ChatMessage }).reply;
        expect(reply.role).toBe("agent");
        expect(reply.text.length).toBeGreaterThan(0);
      } else {
        expect(res.error.code).toBe("model_error");
      }
      expect(agent.events(modelsContract, "model_status").some(({ model }) => model.loaded)).toBe(true);
    } finally {
      await agent.shutdown();
    }
  }, 60_000);
});

import { describe, expect, test } from "bun:test";
import type { IAgentRuntime, Memory } from "@elizaos/core";
import { turnContext } from "../../runtime/turn-context";
import type { ConversationStore } from "./conversation-service";
import { createSendMessageAction } from "./send-message-action";

// The dashboard path (a message in another conversation, conversation_update on /ws) runs against
// the real agent in test/integration/milady-plugin.test.ts; here the connector path, whose
// connectors (Telegram, Discord) cannot run on this machine: a runtime that records the send.
const dashboard = { roomId: "conv-1", content: { text: "x", source: "milady" } } as unknown as Memory;
const telegram = { roomId: "tg", content: { text: "x", source: "telegram" } } as unknown as Memory;
const response = (content: Record<string, unknown>) => [{ content } as unknown as Memory];
const owner = <T>(fn: () => Promise<T>) =>
  turnContext.run({ requestId: "r", conversationId: "conv-1", userText: "", onTextDelta: () => {} }, fn);

function setup(send: (target: unknown, content: unknown) => Promise<void>) {
  const runtime = { sendMessageToTarget: send } as unknown as IAgentRuntime;
  const action = createSendMessageAction({} as ConversationStore, () => {});
  const said: string[] = [];
  const run = (message: Memory, content: Record<string, unknown>) =>
    action.handler(
      runtime,
      message,
      undefined,
      undefined,
      async (c) => (said.push(c.text ?? ""), []),
      response(content),
    );
  return { action, run, said };
}

describe("SEND_MESSAGE to a connector", () => {
  test("SOURCE:CHANNEL goes through runtime.sendMessageToTarget", async () => {
    const sent: unknown[] = [];
    const { run } = setup(async (target, content) => void sent.push({ target, content }));
    const result = await owner(() => run(dashboard, { target: "telegram:-100123", message: "hello group" }));
    expect(result).toMatchObject({ success: true });
    expect(sent).toEqual([
      { target: { source: "telegram", channelId: "-100123" }, content: { text: "hello group", source: "telegram" } },
    ]);
  });

  test("no such connector: the failure says which and why; a missing target says what is needed", async () => {
    const { run, said } = setup(async () => {
      throw new Error("No send handler registered for source: discord");
    });
    await owner(() => run(dashboard, { target: "discord:42", message: "hi" }));
    expect(said[0]).toContain("SEND_MESSAGE to discord:42 failed (is the discord connector configured?)");
    await owner(() => run(dashboard, { message: "hi" }));
    expect(said[1]).toContain("needs a <target>");
  });

  test("a connector user may not make the agent send elsewhere", async () => {
    const { action } = setup(async () => {});
    expect(await action.validate({} as IAgentRuntime, telegram)).toBe(false);
    expect(await owner(() => action.validate({} as IAgentRuntime, dashboard))).toBe(true);
  });
});

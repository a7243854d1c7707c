import { describe, expect, test } from "bun:test";
import type { Memory } from "@elizaos/core";
import type { TriggerTaskRequest } from "../../../src-shared/protocol";
import { turnContext } from "../../runtime/turn-context";
import { createTriggerTaskAction } from "./trigger-task-action";

const message = { roomId: "conv-1", content: { text: "x", source: "milady" } } as unknown as Memory;
const response = (content: Record<string, unknown>) => [{ content } as unknown as Memory];

async function run(content: Record<string, unknown>, sender: "owner" | "device" = "owner") {
  const asked: TriggerTaskRequest[] = [];
  const said: string[] = [];
  const action = createTriggerTaskAction((task) => asked.push(task));
  const result = await turnContext.run(
    { requestId: "r", conversationId: "conv-1", userText: "", sender: { kind: sender }, onTextDelta: () => {} },
    async () => ({
      valid: await action.validate({} as never, message),
      result: await action.handler(
        {} as never,
        message,
        undefined,
        undefined,
        async (c) => (said.push(c.text ?? ""), []),
        response(content),
      ),
    }),
  );
  return { ...result, asked, said };
}

describe("TRIGGER_TASK", () => {
  test("a valid trigger is asked of main, into the conversation it was said in", async () => {
    const trigger = { name: "stretch", kind: "interval" as const, intervalMs: 60_000, prompt: "stretch" };
    const { asked, result } = await run({ trigger: JSON.stringify(trigger) });
    expect(result).toMatchObject({ success: true });
    expect(asked).toEqual([{ op: "create", trigger: { ...trigger, conversationId: "conv-1" } }]);
  });

  test("an invalid one is refused with the POST /api/triggers schema's reason; nothing is asked", async () => {
    const { asked, said } = await run({ trigger: JSON.stringify({ name: "", kind: "weekly", prompt: "p" }) });
    expect(asked).toEqual([]);
    expect(said[0]).toContain("name: the name is empty");
    expect(said[0]).toContain("kind:");
    expect((await run({ trigger: "not json" })).said[0]).toContain("not JSON");
  });

  test("a schedule main would refuse (too short, in the past) is said in the reply; nothing is asked", async () => {
    const short = await run({
      trigger: JSON.stringify({ name: "fast", kind: "interval", intervalMs: 5, prompt: "p" }),
    });
    expect(short.asked).toEqual([]);
    expect(short.result).toMatchObject({ success: false });
    expect(short.said[0]).toContain("the shortest is 10 s");
    const past = await run({
      trigger: JSON.stringify({ name: "old", kind: "once", at: "2001-01-01T00:00:00Z", prompt: "p" }),
    });
    expect(past.asked).toEqual([]);
    expect(past.said[0]).toContain("has passed");
  });

  test("run by name; a paired phone may not use it", async () => {
    expect((await run({ run: "stretch" })).asked).toEqual([{ op: "run", id: "stretch", name: "stretch" }]);
    const phone = await run({ run: "stretch" }, "device");
    expect(phone.valid).toBe(false);
    expect(phone.asked).toEqual([]);
  });
});

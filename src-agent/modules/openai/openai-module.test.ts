import { describe, expect, test } from "bun:test";
import { estimateTokens, meterUsage, reportUsage, usageWanted } from "../../models/usage-meter";
import { countModelUsed } from "./module";
import { completionPrompt, completionStops, USER_TURN_STOP } from "./prompt";

describe("plain completion prompts", () => {
  test("system messages lead; the transcript ends where the assistant answers", () => {
    expect(
      completionPrompt([
        { role: "system", content: "Be terse." },
        { role: "user", content: "hi" },
        { role: "assistant", content: "hello" },
        { role: "user", content: "again" },
      ]),
    ).toBe("Be terse.\n\nUser: hi\nAssistant: hello\nUser: again\nAssistant:");
    expect(completionPrompt([{ role: "user", content: "only" }])).toBe("User: only\nAssistant:");
  });

  test("the user's next line is a stop, within the providers' limit of 4", () => {
    expect(completionStops(undefined)).toEqual([USER_TURN_STOP]);
    expect(completionStops(["END"])).toEqual(["END", USER_TURN_STOP]);
    expect(completionStops(["a", "b", "c", "d"])).toEqual(["a", "b", "c", "d"]);
  });
});

describe("usage meter", () => {
  test("reports inside a metered call add up; outside, nothing is counted", async () => {
    reportUsage(100, 100);
    expect(usageWanted()).toBe(false);
    const { usage } = await meterUsage(
      "turn",
      async () => {
        expect(usageWanted()).toBe(true);
        reportUsage(10, 3);
        await Bun.sleep(1);
        reportUsage(5, 2);
        return "x";
      },
      () => ({ prompt: "", completion: "" }),
    );
    expect(usage).toEqual({ promptTokens: 15, completionTokens: 5, reported: true });
  });

  test("without a report: an estimate of about 4 characters a token, marked so", async () => {
    const { result, usage } = await meterUsage(
      "completion",
      async () => "abcdefgh",
      (text) => ({ prompt: "abcd", completion: text }),
    );
    expect(result).toBe("abcdefgh");
    expect(usage).toEqual({ promptTokens: 1, completionTokens: 2, reported: false });
    expect(estimateTokens("")).toBe(0);
  });
});

describe("MODEL_USED (remote providers' token counts)", () => {
  test("text calls count; embeddings and calls without tokens do not", async () => {
    const { usage } = await meterUsage(
      "completion",
      async () => {
        await countModelUsed({ type: "TEXT_LARGE", tokens: { prompt: 40, completion: 7, total: 47 } });
        await countModelUsed({ type: "TEXT_EMBEDDING", tokens: { prompt: 9, completion: 0, total: 9 } });
        await countModelUsed({ type: "TEXT_SMALL" });
        await countModelUsed({ type: "OBJECT_SMALL", tokens: { prompt: 3, completion: 2, total: 5 } });
      },
      () => ({ prompt: "", completion: "" }),
    );
    expect(usage).toEqual({ promptTokens: 43, completionTokens: 9, reported: true });
  });
});

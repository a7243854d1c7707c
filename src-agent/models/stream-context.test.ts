import { describe, expect, test } from "bun:test";
import { replyStream } from "./stream-context";

describe("replyStream (AsyncLocalStorage in Bun)", () => {
  test("propagates through awaits, timers and promise chains; isolates concurrent turns", async () => {
    const seen: Record<string, string[]> = { a: [], b: [] };
    const deepModelCall = async (text: string): Promise<void> => {
      await new Promise((r) => setTimeout(r, 5));
      await Promise.resolve();
      await new Promise<void>((r) => queueMicrotask(r));
      replyStream.getStore()?.onTextDelta(text);
    };
    const turn = (name: "a" | "b") =>
      replyStream.run({ onTextDelta: (d) => seen[name].push(d) }, async () => {
        await deepModelCall(`${name}1`);
        await new Promise((r) => setImmediate(r));
        await deepModelCall(`${name}2`);
      });
    await Promise.all([turn("a"), turn("b")]);
    expect(seen).toEqual({ a: ["a1", "a2"], b: ["b1", "b2"] });
    expect(replyStream.getStore()).toBeUndefined();
  });
});

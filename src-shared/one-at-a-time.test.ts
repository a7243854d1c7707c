import { describe, expect, test } from "bun:test";
import { oneAtATime } from "./one-at-a-time";

describe("oneAtATime", () => {
  test("runs tasks one after another in call order; a failure does not stop the next", async () => {
    const run = oneAtATime();
    const events: string[] = [];
    let running = 0;
    const task = (name: string, fail = false) =>
      run(async () => {
        running++;
        expect(running).toBe(1);
        events.push(`start ${name}`);
        await Bun.sleep(5);
        events.push(`end ${name}`);
        running--;
        if (fail) throw new Error(`${name} failed`);
        return name;
      });
    const results = await Promise.allSettled([task("a"), task("b", true), task("c")]);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual([
      "a",
      "b failed",
      "c",
    ]);
    expect(events).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
  });
});

import { expect, test } from "bun:test";
import { RestartPolicy } from "./restart-policy";

test("backs off 1, 2, 4 ... 30 s and resets after a stable run", () => {
  const policy = new RestartPolicy();
  const delays = Array.from({ length: 8 }, () => policy.nextDelay());
  expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  policy.reset();
  expect(policy.nextDelay()).toBe(1000);
});

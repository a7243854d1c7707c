import { afterAll, expect, test } from "bun:test";
import { measureDirectTokensPerSecond } from "./direct-bench";
import { makeTestModel } from "./test-model";

const fixture = await makeTestModel(5);
afterAll(() => fixture.cleanup());

test("measureDirectTokensPerSecond gives a positive rate on the tiny model", async () => {
  const rate = await measureDirectTokensPerSecond(fixture.path, 1, 64);
  expect(rate).toBeGreaterThan(10);
});

import { expect, test } from "bun:test";
import { createIdleGc } from "./idle-gc";

test("collects once after the last request, never while one runs", async () => {
  let collections = 0;
  const gc = createIdleGc(30, () => collections++);
  gc.begin();
  gc.begin();
  gc.end();
  await Bun.sleep(60);
  expect(collections).toBe(0); // one request still running
  gc.end();
  gc.begin(); // a new request cancels the pending collection
  await Bun.sleep(60);
  expect(collections).toBe(0);
  gc.end();
  await Bun.sleep(60);
  expect(collections).toBe(1);
});

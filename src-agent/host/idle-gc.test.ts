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

test("one collection follows the start unless a request comes first", async () => {
  let collections = 0;
  const gc = createIdleGc(1000, () => collections++);
  gc.afterStart(20);
  await Bun.sleep(60);
  expect(collections).toBe(1);
  gc.begin();
  gc.afterStart(20); // a request is running: nothing is scheduled
  await Bun.sleep(60);
  expect(collections).toBe(1);
});

import { describe, expect, test } from "bun:test";
import { guardedLoad, LoadGuard } from "./load-guard";

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("load guard", () => {
  test("a slow older load finishing last cannot commit over the newer one", async () => {
    const guard = new LoadGuard();
    const committed: string[] = [];
    const discarded: string[] = [];
    const slow = deferred<string>();
    const fast = deferred<string>();
    const first = guardedLoad(
      guard,
      () => slow.promise,
      (v) => committed.push(v),
      (v) => discarded.push(v),
    );
    const second = guardedLoad(
      guard,
      () => fast.promise,
      (v) => committed.push(v),
      (v) => discarded.push(v),
    );
    fast.resolve("B");
    expect(await second).toBe("committed");
    slow.resolve("A");
    expect(await first).toBe("stale");
    expect(committed).toEqual(["B"]);
    expect(discarded).toEqual(["A"]); // the stale model is disposed, not leaked
  });

  test("the newest load's failure is thrown; an overtaken load's failure is ignored", async () => {
    const guard = new LoadGuard();
    const a = deferred<string>();
    const b = deferred<string>();
    const first = guardedLoad(
      guard,
      () => a.promise,
      () => {},
      () => {},
    );
    const second = guardedLoad(
      guard,
      () => b.promise,
      () => {},
      () => {},
    );
    a.reject(new Error("old file broken"));
    expect(await first).toBe("stale");
    b.reject(new Error("new file broken"));
    await expect(second).rejects.toThrow("new file broken");
  });

  test("invalidate() (dispose) makes in-flight loads stale", async () => {
    const guard = new LoadGuard();
    const d = deferred<number>();
    const discarded: number[] = [];
    const p = guardedLoad(
      guard,
      () => d.promise,
      () => {},
      (v) => discarded.push(v),
    );
    guard.invalidate();
    d.resolve(1);
    expect(await p).toBe("stale");
    expect(discarded).toEqual([1]);
  });
});

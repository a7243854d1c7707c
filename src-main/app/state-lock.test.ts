import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { acquireStateLock, lockPath, readLock, runningOwner, StateDirLocked } from "./state-lock";

const dirs: string[] = [];
const dir = () => {
  const d = mkdtempSync(join(tmpdir(), "milady-lock-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A real process that stays alive: the parent of this test run (the bun test runner's own parent shell). */
const livePid = process.ppid;

describe("state-dir lock", () => {
  test("taken once; a live owner's lock refuses the next, naming pid and address; release frees it", () => {
    const stateDir = dir();
    const lock = acquireStateLock(stateDir);
    lock.update({ url: "http://127.0.0.1:4321", port: 4321 });
    expect(readLock(stateDir)).toMatchObject({ pid: process.pid, url: "http://127.0.0.1:4321" });
    // Another process's view: the owner is alive.
    const other = JSON.parse(JSON.stringify(readLock(stateDir)));
    writeFileSync(lockPath(stateDir), JSON.stringify({ ...other, pid: livePid, startTime: "x" }));
    const liveStart = readLock(stateDir);
    expect(liveStart?.pid).toBe(livePid);
    lock.release(); // not ours any more: release leaves it alone
    expect(readLock(stateDir)?.pid).toBe(livePid);
  });

  test("a lock whose process is gone, or whose pid was reused by another process, is taken over", () => {
    const stateDir = dir();
    writeFileSync(lockPath(stateDir), JSON.stringify({ pid: 2 ** 22 + 17, startTime: "1", acquiredAt: 0 }));
    const taken = acquireStateLock(stateDir);
    expect(readLock(stateDir)?.pid).toBe(process.pid);
    taken.release();
    // Same pid as a live process, but another start time: that process is not the owner.
    writeFileSync(lockPath(stateDir), JSON.stringify({ pid: livePid, startTime: "not-its-start-time", acquiredAt: 0 }));
    expect(runningOwner(stateDir)).toBeUndefined();
    acquireStateLock(stateDir).release();
  });

  test("a second lock in the same state dir while the first is held throws StateDirLocked", () => {
    const stateDir = dir();
    const first = acquireStateLock(stateDir);
    // This process is alive with the start time it wrote: a second acquire must refuse.
    expect(() => acquireStateLock(stateDir)).toThrow(StateDirLocked);
    expect(() => acquireStateLock(stateDir)).toThrow(/already running/);
    first.release();
    expect(readLock(stateDir)).toBeUndefined();
  });
});

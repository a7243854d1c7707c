import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestServer, TEST_TOKEN, type TestServer } from "../server/testing/test-server";
import { DesktopLink } from "./desktop-link";
import { handOffToDesktopApp } from "./single-instance";
import { acquireStateLock, type LockOwner, readLock } from "./state-lock";

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "milady-handoff-"));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function desktopServer(): Promise<{ t: TestServer; links: Array<string | undefined> }> {
  const link = new DesktopLink(1000);
  const links: Array<string | undefined> = [];
  link.attach({
    focus: async (l) => {
      links.push(l);
      return l === undefined ? "none" : "opened";
    },
  });
  const t = await startTestServer({ desktop: link });
  cleanup.push(() => t.close());
  return { t, links };
}

describe("handing a second start to the running desktop app", () => {
  test("the lock says which kind of Milady holds the state dir", () => {
    const dir = stateDir();
    const lock = acquireStateLock(dir, "desktop");
    expect(readLock(dir)?.mode).toBe("desktop");
    lock.release();
    acquireStateLock(dir).release();
  });

  test("a desktop owner is asked to focus, with the token and the link", async () => {
    const { t, links } = await desktopServer();
    const owner: LockOwner = { pid: process.pid, startTime: "x", mode: "desktop", url: t.url, acquiredAt: 0 };
    const result = await handOffToDesktopApp({ stateDir: stateDir(), owner, token: TEST_TOKEN, link: "milady://pair" });
    expect(result).toEqual({ done: true, pid: process.pid, url: t.url, link: "opened" });
    expect(links).toEqual(["milady://pair"]);
  });

  test("a headless owner is never asked (its error stands)", async () => {
    const { t, links } = await desktopServer();
    for (const mode of ["headless", undefined] as const) {
      const owner: LockOwner = { pid: process.pid, startTime: "x", mode, url: t.url, acquiredAt: 0 };
      expect((await handOffToDesktopApp({ stateDir: stateDir(), owner, token: TEST_TOKEN })).done).toBe(false);
    }
    expect(links).toEqual([]);
  });

  test("a wrong token, or a server without a desktop layer, is not a success", async () => {
    const { t } = await desktopServer();
    const owner: LockOwner = { pid: process.pid, startTime: "x", mode: "desktop", url: t.url, acquiredAt: 0 };
    expect(await handOffToDesktopApp({ stateDir: stateDir(), owner, token: "wrong" })).toEqual({
      done: false,
      why: "it answered 401",
    });
    const headless = await startTestServer();
    cleanup.push(() => headless.close());
    const lying: LockOwner = { ...owner, url: headless.url };
    expect(await handOffToDesktopApp({ stateDir: stateDir(), owner: lying, token: TEST_TOKEN })).toEqual({
      done: false,
      why: "it answered 404",
    });
  });

  test("an owner still starting (no address yet) is waited for, bounded", async () => {
    const { t, links } = await desktopServer();
    const dir = stateDir();
    const lock = acquireStateLock(dir, "desktop");
    cleanup.push(() => lock.release());
    const owner = readLock(dir)!;
    // In this test the "other" process is this one: pretend it is someone else's lock.
    setTimeout(() => lock.update({ url: t.url, port: t.server.port }), 300);
    const result = await handOffToDesktopApp({ stateDir: dir, owner, token: TEST_TOKEN, addressWaitMs: 5000 });
    expect(result).toMatchObject({ done: true, link: "none" });
    expect(links).toEqual([undefined]);
    const never = await handOffToDesktopApp({
      stateDir: stateDir(),
      owner: { ...owner, url: undefined, pid: 2 ** 22 + 12345 },
      token: TEST_TOKEN,
      addressWaitMs: 300,
    });
    expect(never).toEqual({ done: false, why: "the running desktop app has no address yet" });
  });
});

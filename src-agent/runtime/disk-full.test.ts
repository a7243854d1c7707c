import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HOST_PROTOCOL_VERSION } from "../../src-shared/protocol";
import { AgentClient, preparedDataDir, scriptedBoot, tempDir } from "../host/agent-client.test-util";

// A real full disk: a small tmpfs (root may mount one, here and in CI), the real agent (as a
// child process: a Worker's open files would outlive it in this process and keep the tmpfs
// busy) and real PGlite. Nothing on a full disk may be taken for damage: nothing is moved.
const root = tempDir("disk-full");
const mounts: string[] = [];
let canMount = true;

function mountTmpfs(name: string, mb: number): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const run = Bun.spawnSync(["mount", "-t", "tmpfs", "-o", `size=${mb}m`, "tmpfs", dir]);
  if (run.exitCode !== 0) throw new Error(`mount failed: ${run.stderr.toString()}`);
  mounts.push(dir);
  return dir;
}

/** Fills the disk until `leaveBytes` are free (0: completely full). */
function fill(dir: string, leaveBytes: number): string {
  const stats = statfsSync(dir);
  const free = stats.bavail * stats.bsize;
  const filler = join(dir, "filler");
  writeFileSync(filler, Buffer.alloc(Math.max(0, free - leaveBytes)));
  if (leaveBytes === 0) {
    // Whatever rounding left: top it up a page at a time.
    for (let i = 0; i < 64; i++) {
      try {
        writeFileSync(join(dir, `filler-${i}`), Buffer.alloc(4096));
      } catch {
        break;
      }
    }
  }
  return filler;
}

beforeAll(async () => {
  try {
    mountTmpfs("probe", 1);
  } catch (error) {
    canMount = false;
    console.warn(`skipping the full-disk tests: cannot mount a tmpfs (${(error as Error).message.trim()})`);
  }
  if (canMount) await preparedDataDir(join(root, "template"));
}, 150_000);

afterAll(() => {
  for (const dir of mounts.reverse()) {
    if (Bun.spawnSync(["umount", dir]).exitCode !== 0) Bun.spawnSync(["umount", "-l", dir]);
  }
  rmSync(root, { recursive: true, force: true });
});

async function bootFails(dataDir: string, stateDir: string) {
  const agent = new AgentClient("process");
  try {
    await agent.waitFor("hello");
    agent.send({ type: "init", protocolVersion: HOST_PROTOCOL_VERSION, boot: { ...scriptedBoot(stateDir), dataDir } });
    return await agent.waitFor("init_failed", undefined, 90_000);
  } finally {
    agent.terminate();
    await agent.exited;
  }
}

describe("a full disk at start (issue 8)", () => {
  test("a fresh start without room for a database: disk_full with a fix, nothing created or moved", async () => {
    if (!canMount) return;
    const disk = mountTmpfs("fresh", 48);
    fill(disk, 20 * 1024 * 1024);
    const dataDir = join(disk, "workspace", ".eliza", ".elizadb");
    const failed = await bootFails(dataDir, disk);
    expect(failed.error.code).toBe("disk_full");
    expect(failed.error.message).toMatch(/\d+ MB free, 48 MB needed/);
    expect(failed.error.fix).toContain("Free some space");
    expect(existsSync(dataDir)).toBe(false);
    expect(readdirSync(disk).filter((f) => f !== "filler")).toEqual([]);
  }, 120_000);

  test("an existing database on a completely full disk: disk_full, the database stays where it is and opens once there is room", async () => {
    if (!canMount) return;
    const disk = mountTmpfs("existing", 64);
    const dataDir = join(disk, "db");
    cpSync(join(root, "template", "db"), dataDir, { recursive: true });
    const before = readdirSync(dataDir, { recursive: true, encoding: "utf8" }).sort();
    const filler = fill(disk, 0);

    const failed = await bootFails(dataDir, disk);
    expect(failed.error.code).toBe("disk_full");
    expect(failed.error.fix).toContain("Nothing was moved or deleted");
    expect(readdirSync(disk).filter((f) => f.includes("corrupt"))).toEqual([]);
    expect(readdirSync(dataDir, { recursive: true, encoding: "utf8" }).sort()).toEqual(expect.arrayContaining(before));

    rmSync(filler);
    const agent = new AgentClient("process");
    try {
      const ready = await agent.boot({ ...scriptedBoot(disk), dataDir }, undefined, 90_000);
      expect(ready.db.recoveries).toBeUndefined();
      expect(ready.db.recoveredBackup).toBeUndefined();
    } finally {
      await agent.shutdown();
      await agent.exited;
    }
  }, 180_000);
});

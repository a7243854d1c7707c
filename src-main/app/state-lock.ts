import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";

/**
 * One Milady per state dir: two processes on one PGlite directory lose each other's writes.
 * The lock is `<state>/milady.lock`, created exclusively; it names the owner's pid and the
 * process start time (so a pid reused after a crash is not mistaken for the owner).
 * A lock whose owner is gone (a crash, `kill -9`) never blocks a start: it is taken over.
 */
export interface LockOwner {
  pid: number;
  /** The owner's start time as the kernel counts it (Linux), or its Date.now() at lock time elsewhere. */
  startTime: string;
  /**
   * The desktop app answers a second start by bringing its window forward (POST /api/desktop/focus);
   * a headless owner only gets named in the error. Missing in locks written before this field existed.
   */
  mode?: LockMode;
  /** Where it serves, once known (written after the server listens). */
  url?: string;
  port?: number;
  acquiredAt: number;
}

export type LockMode = "desktop" | "headless";

export const lockPath = (stateDir: string) => join(stateDir, "milady.lock");

/** Field 22 of /proc/<pid>/stat: the start time in clock ticks since boot, stable for a process's life. */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces or parentheses: count from the last ")".
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

const SELF_START = processStartTime(process.pid) ?? String(Date.now());

/** True while the process that wrote `owner` still runs. */
export function ownerAlive(owner: LockOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else: alive.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const start = processStartTime(owner.pid);
  return start === undefined || start === owner.startTime;
}

export function readLock(stateDir: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(lockPath(stateDir), "utf8")) as LockOwner;
    return typeof owner.pid === "number" ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** The running Milady that holds this state dir, if any (for a second start, doctor, the desktop's "focus"). */
export function runningOwner(stateDir: string): LockOwner | undefined {
  const owner = readLock(stateDir);
  return owner && owner.pid !== process.pid && ownerAlive(owner) ? owner : undefined;
}

export class StateDirLocked extends Error {
  constructor(
    readonly owner: LockOwner,
    stateDir: string,
  ) {
    const where = owner.url ? ` at ${owner.url}` : "";
    super(
      `another Milady (pid ${owner.pid}) is already running on ${stateDir}${where}. Open it${where ? ` (${owner.url})` : ""}, stop it first, or start this one with --state-dir <other> (or --profile <name>) for a second agent.`,
    );
    this.name = "StateDirLocked";
  }
}

function writeExclusive(path: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx", 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify(owner)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

export interface StateLock {
  owner: LockOwner;
  /** Adds where this process serves (for the message a second start prints). */
  update(info: { url: string; port: number }): void;
  release(): void;
}

/** Takes the state dir's lock or throws StateDirLocked naming the running owner. */
export function acquireStateLock(stateDir: string, mode: LockMode = "headless"): StateLock {
  const path = lockPath(stateDir);
  mkdirSync(stateDir, { recursive: true });
  let owner: LockOwner = { pid: process.pid, startTime: SELF_START, mode, acquiredAt: Date.now() };
  for (let attempt = 0; attempt < 30; attempt++) {
    if (writeExclusive(path, owner)) {
      return {
        owner,
        update(info) {
          owner = { ...owner, ...info };
          // Rewritten in place: this process owns the file; a reader sees the old or the new JSON.
          const temp = `${path}.${process.pid}.tmp`;
          const fd = openSync(temp, "w", 0o644);
          writeSync(fd, `${JSON.stringify(owner)}\n`);
          closeSync(fd);
          renameSync(temp, path);
        },
        release() {
          const current = readLock(stateDir);
          if (current?.pid === process.pid) rmSync(path, { force: true });
        },
      };
    }
    const holder = readLock(stateDir);
    if (holder && ownerAlive(holder)) throw new StateDirLocked(holder, stateDir);
    // Unreadable and brand new: its owner is still writing it. Wait instead of calling it stale.
    const age = Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0);
    if (!holder && age < 2000) {
      Bun.sleepSync(100);
      continue;
    }
    // Stale (or unreadable half-written) lock: move it aside atomically; of two racing starts only one wins the rename.
    try {
      renameSync(path, `${path}.stale-${process.pid}`);
      rmSync(`${path}.stale-${process.pid}`, { force: true });
    } catch {
      // someone else moved it first: try to create again
    }
    if (!existsSync(path)) continue;
  }
  const holder = readLock(stateDir);
  if (holder) throw new StateDirLocked(holder, stateDir);
  throw new Error(`could not lock ${stateDir}: ${path} keeps coming back; remove it if no Milady is running`);
}

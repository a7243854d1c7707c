/**
 * A real PostgreSQL 17 server with pgvector on loopback, from Debian 13's packages in a chroot
 * (test/support/build-pg17-chroot.sh, built once per machine in /var/cache/milady-test-pg17;
 * `.ci/run` builds it before `npm test`). Each call starts its own server on a free port with a
 * fresh data dir inside the chroot; `stop` removes it. As root (CI and here are).
 */
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { SQL } from "bun";
import { freePort, type TestPostgres } from "./postgres";

export const PG17_CHROOT = process.env.MILADY_TEST_PG17_DIR || "/var/cache/milady-test-pg17";
const BUILD_SCRIPT = join(import.meta.dir, "build-pg17-chroot.sh");
const BIN = "/usr/lib/postgresql/17/bin";

export interface TestPostgresServer extends TestPostgres {
  /** A new empty database on this server (pgvector is created by the agent's first start). */
  createDatabase(prefix?: string): Promise<string>;
  /** `pg_ctl stop -m fast`, keeping the data: the server goes away under whoever uses it. */
  halt(): Promise<void>;
  /** Starts the halted server again on the same port with the same data. */
  resume(): Promise<void>;
  /** Stops and removes it synchronously: for process exit, where nothing async runs any more. */
  stopSync(): void;
}

let chrootReady: Promise<void> | undefined;

/** Builds the chroot if this machine has none yet (the script locks, so parallel callers wait for one build). */
export function ensurePg17Chroot(): Promise<void> {
  chrootReady ??= (async () => {
    if (existsSync(join(PG17_CHROOT, ".milady-complete"))) return;
    const proc = Bun.spawn(["bash", BUILD_SCRIPT, PG17_CHROOT], { stdout: "pipe", stderr: "pipe" });
    const [err, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
    if (code !== 0) {
      throw new Error(
        `could not build the PostgreSQL 17 + pgvector chroot in ${PG17_CHROOT}: ${err.trim().slice(-800)}\n` +
          `Fix: run (as root, with Debian's mirror reachable) bash ${BUILD_SCRIPT}, as .ci/run does.`,
      );
    }
  })();
  return chrootReady;
}

function chrootIds(): { uid: number; gid: number } {
  const line = readFileSync(join(PG17_CHROOT, "etc/passwd"), "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  if (!line) throw new Error(`${PG17_CHROOT} has no postgres user: remove it and rebuild (${BUILD_SCRIPT})`);
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

/** Runs a PostgreSQL program inside the chroot as its postgres user (the server refuses root). */
async function inChroot(args: string[]): Promise<void> {
  const proc = Bun.spawn(
    [
      "chroot",
      "--userspec=postgres:postgres",
      PG17_CHROOT,
      "env",
      "HOME=/var/lib/postgresql",
      "LANG=C.UTF-8",
      "LC_ALL=C.UTF-8",
      ...args,
    ],
    { stdout: "pipe", stderr: "pipe" },
  );
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) throw new Error(`${args[0]} failed (${code}): ${err || out}`);
}

let databases = 0;

export async function startPostgresWithPgvector(): Promise<TestPostgresServer> {
  await ensurePg17Chroot();
  const { uid, gid } = chrootIds();
  mkdirSync(join(PG17_CHROOT, "tmp"), { recursive: true });
  const root = mkdtempSync(join(PG17_CHROOT, "tmp", "milady-pg17-"));
  chownSync(root, uid, gid);
  const inside = root.slice(PG17_CHROOT.length); // the same dir as the chroot sees it
  const data = `${inside}/data`;
  await inChroot([
    `${BIN}/initdb`,
    "-D",
    data,
    "--auth=trust",
    "-U",
    "postgres",
    "-E",
    "UTF8",
    "--locale=C.UTF-8",
    "--no-sync",
  ]);
  // The port is chosen after initdb (seconds on a loaded machine), just before the server binds it:
  // the shorter that window, the less chance another process's ephemeral port lands on it.
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const start = () =>
    inChroot([
      `${BIN}/pg_ctl`,
      "-D",
      data,
      "-w",
      "-l",
      `${inside}/server.log`,
      "-o",
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${inside} -c fsync=off -c max_connections=200`,
      "start",
    ]);
  await start();
  // bun test exits without running "exit" handlers' child processes reliably, and a crashed test
  // leaves no handler at all: a watchdog stops the server once this process is gone.
  const stopCmd = `chroot --userspec=postgres:postgres ${PG17_CHROOT} ${BIN}/pg_ctl -D ${data} -m immediate stop`;
  const watchdog = Bun.spawn(
    [
      "bash",
      "-c",
      `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${stopCmd} >/dev/null 2>&1; rm -rf ${root}`,
    ],
    { stdin: "ignore", stdout: "ignore", stderr: "ignore" },
  );
  watchdog.unref();
  return {
    url,
    port,
    async createDatabase(prefix = "milady") {
      const name = `${prefix}_${process.pid}_${++databases}`.toLowerCase().replace(/[^a-z0-9_]/g, "_");
      const admin = new SQL({ url, max: 1 });
      try {
        await admin.unsafe(`CREATE DATABASE "${name}"`);
      } finally {
        await admin.close();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    halt: () => inChroot([`${BIN}/pg_ctl`, "-D", data, "-w", "-m", "fast", "stop"]),
    resume: start,
    stopSync() {
      Bun.spawnSync([
        "chroot",
        "--userspec=postgres:postgres",
        PG17_CHROOT,
        `${BIN}/pg_ctl`,
        "-D",
        data,
        "-m",
        "immediate",
        "stop",
      ]);
      rmSync(root, { recursive: true, force: true });
    },
    async stop() {
      await inChroot([`${BIN}/pg_ctl`, "-D", data, "-m", "immediate", "stop"]).catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * A real PostgreSQL server of the test's own, on loopback: Debian's postgresql-15 (which has
 * no pgvector: the "server without pgvector" case). Run as root (CI and here are), the server
 * runs as the `postgres` user in a temp data dir on a free port and is removed on stop.
 * `.ci/run` installs the package when it is missing; without it this throws, naming the fix.
 * A server WITH pgvector (PostgreSQL 17 from a Debian 13 chroot): postgres-pgvector.ts.
 */
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const BIN = "/usr/lib/postgresql/15/bin";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function asPostgres(args: string[]): Promise<void> {
  const proc = Bun.spawn(["runuser", "-u", "postgres", "--", ...args], { stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) throw new Error(`${args[0]} failed (${code}): ${err || out}`);
}

export async function startPostgres15(): Promise<TestPostgres> {
  if (!existsSync(join(BIN, "initdb"))) {
    throw new Error(`PostgreSQL 15 is not installed (${BIN}): apt-get install -y postgresql-15 (see .ci/run)`);
  }
  const root = mkdtempSync(join(tmpdir(), "milady-pg15-"));
  const data = join(root, "data");
  // The server refuses to run as root: the data dir belongs to the postgres user.
  const uid = Number(Bun.spawnSync(["id", "-u", "postgres"]).stdout.toString().trim());
  const gid = Number(Bun.spawnSync(["id", "-g", "postgres"]).stdout.toString().trim());
  chownSync(root, uid, gid);
  await asPostgres([join(BIN, "initdb"), "-D", data, "--auth=trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]);
  // Chosen after initdb, just before the server binds it (see postgres-pgvector.ts).
  const port = await freePort();
  await asPostgres([
    join(BIN, "pg_ctl"),
    "-D",
    data,
    "-w",
    "-l",
    join(root, "server.log"),
    "-o",
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${root} -c fsync=off`,
    "start",
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      await asPostgres([join(BIN, "pg_ctl"), "-D", data, "-m", "immediate", "stop"]).catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * Two real hosts for LAN tests: two network namespaces joined by a veth pair. Whatever runs
 * in them (an mDNS responder, an HTTPS listener, a browser) sees only the other namespace,
 * so no test packet ever reaches the machine's own network. Needs root (CI runs as root);
 * without it `createLan()` throws, so the tests fail instead of silently skipping.
 *
 *   const lan = await createLan();
 *   const agent = lan.desktop.bun(["test/support/lan-advertise.ts", ...]);
 *   const { stdout } = await lan.phone.exec([process.execPath, "src-main/main.ts", "lan", "scan", "--json"]);
 *   await lan.destroy();
 */
import { join } from "node:path";
import type { SpawnOptions, Subprocess } from "bun";

const IP = "/usr/sbin/ip";
const ROOT = join(import.meta.dir, "..", "..");
/** Every namespace made here is named mld-<pid>-<n>-<role>, so stale ones can be recognised. */
const PREFIX = "mld-";
// Named like a wired adapter rather than veth*: code that ranks addresses (real adapters
// before virtual ones) must treat the test LAN as the real LAN it stands for.
const IFACE = "eth0";

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type RunOptions = Omit<SpawnOptions.OptionsObject<"pipe", "pipe", "pipe">, "cmd">;

export interface Host {
  /** The namespace's name (`ip netns exec <ns> …`). */
  ns: string;
  /** Its IPv4 address on the test LAN, e.g. 10.213.7.1. */
  address: string;
  /** The LAN interface inside the namespace. */
  iface: string;
  /** Starts `cmd` inside the namespace; the caller owns the process (destroy() kills it too). */
  run(cmd: string[], opts?: RunOptions): Subprocess<"pipe", "pipe", "pipe">;
  /** Runs `cmd` inside the namespace to its end. */
  exec(cmd: string[], opts?: RunOptions & { timeoutMs?: number }): Promise<ExecResult>;
  /** Starts a Bun script (path relative to the repo) inside the namespace, cwd = the repo, the test's env. */
  bun(args: string[], opts?: RunOptions): Subprocess<"pipe", "pipe", "pipe">;
}

export interface Lan {
  desktop: Host;
  phone: Host;
  /** The /24 both hosts are on, e.g. 10.213.7.0/24. */
  subnet: string;
  /** Kills every process inside both namespaces and deletes them (the veth pair goes with them). */
  destroy(): Promise<void>;
}

let counter = 0;

async function ip(args: string[]): Promise<ExecResult> {
  const proc = Bun.spawn([IP, ...args], { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, stdout, stderr };
}

async function ipOrThrow(args: string[], why: string): Promise<string> {
  const r = await ip(args);
  if (r.code !== 0) throw new Error(`${why}: \`ip ${args.join(" ")}\` exited ${r.code}: ${r.stderr.trim()}`);
  return r.stdout;
}

export async function listNamespaces(): Promise<string[]> {
  const r = await ip(["netns", "list"]);
  if (r.code !== 0) return [];
  // Lines look like "name" or "name (id: 3)".
  return r.stdout
    .split("\n")
    .map((line) => line.trim().split(/\s+/)[0] ?? "")
    .filter(Boolean);
}

async function pidsIn(ns: string): Promise<number[]> {
  const r = await ip(["netns", "pids", ns]);
  if (r.code !== 0) return [];
  return r.stdout
    .split(/\s+/)
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && pid > 0);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM means it exists but is not ours; as root that does not happen, but it is alive.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Kills what runs inside `ns` (TERM, then KILL after a grace period) and deletes it. */
async function removeNamespace(ns: string): Promise<void> {
  let pids = await pidsIn(ns);
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {}
  }
  const deadline = Date.now() + 3_000;
  while (pids.length && Date.now() < deadline) {
    await Bun.sleep(25);
    pids = (await pidsIn(ns)).filter(alive);
  }
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {}
  }
  // A killed process leaves the namespace only once it has been reaped.
  const killDeadline = Date.now() + 3_000;
  while ((await pidsIn(ns)).filter(alive).length && Date.now() < killDeadline) await Bun.sleep(25);
  const r = await ip(["netns", "del", ns]);
  if (r.code !== 0 && (await listNamespaces()).includes(ns)) {
    throw new Error(`could not delete network namespace ${ns}: ${r.stderr.trim()}`);
  }
}

/** Namespaces left by a test process that died before its destroy(): its pid is in the name. */
export async function removeStaleNamespaces(): Promise<string[]> {
  const removed: string[] = [];
  for (const ns of await listNamespaces()) {
    const m = /^mld-(\d+)-/.exec(ns);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || alive(pid)) continue;
    await removeNamespace(ns);
    removed.push(ns);
  }
  return removed;
}

function host(ns: string, address: string): Host {
  const wrap = (cmd: string[]) => [IP, "netns", "exec", ns, ...cmd];
  const run = (cmd: string[], opts: RunOptions = {}) =>
    Bun.spawn(wrap(cmd), { stdin: "ignore", ...opts, stdout: "pipe", stderr: "pipe" }) as Subprocess<
      "pipe",
      "pipe",
      "pipe"
    >;
  return {
    ns,
    address,
    iface: IFACE,
    run,
    async exec(cmd, opts = {}) {
      const { timeoutMs = 60_000, ...rest } = opts;
      const proc = run(cmd, rest);
      const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
      try {
        const [stdout, stderr, code] = await Promise.all([
          new Response(proc.stdout).text(),
          new Response(proc.stderr).text(),
          proc.exited,
        ]);
        return { code, stdout, stderr };
      } finally {
        clearTimeout(timer);
      }
    },
    bun(args, opts = {}) {
      // The namespace shares the filesystem, so this very Bun and the checkout work inside it.
      return run([process.execPath, ...args], {
        cwd: ROOT,
        ...opts,
        env: { ...process.env, NO_COLOR: "1", ...opts.env },
      });
    },
  };
}

/**
 * Makes the two hosts: <prefix>desk at 10.213.<n>.1/24 and <prefix>phone at 10.213.<n>.2/24,
 * `lo` up in both, and a route for multicast (224.0.0.0/4) on the LAN interface, without which
 * an mDNS query has nowhere to go in a namespace that has no default route.
 */
export async function createLan(): Promise<Lan> {
  if (process.platform !== "linux") {
    throw new Error(`createLan needs Linux network namespaces; this is ${process.platform}`);
  }
  const uid = process.getuid?.() ?? -1;
  if (uid !== 0) {
    throw new Error(
      `createLan needs root to make network namespaces (ip netns add); this test runs as uid ${uid}. Run the LAN tests as root (CI does).`,
    );
  }
  await removeStaleNamespaces();
  const n = counter++;
  // The namespaces are isolated from each other, so equal subnets could not collide; a
  // distinct third octet per pair still keeps logs and captures of parallel runs apart.
  const octet = ((process.pid * 7 + n) % 250) + 1;
  const subnet = `10.213.${octet}.0/24`;
  const base = `${PREFIX}${process.pid}-${n}`;
  const desk = `${base}-desk`;
  const phone = `${base}-phone`;
  const made: string[] = [];
  const destroy = async () => {
    const errors: string[] = [];
    for (const ns of made.splice(0)) {
      try {
        await removeNamespace(ns);
      } catch (e) {
        errors.push(String(e));
      }
    }
    if (errors.length) throw new Error(errors.join("\n"));
  };
  try {
    for (const ns of [desk, phone]) {
      await ipOrThrow(["netns", "add", ns], `cannot make the test network namespace ${ns}`);
      made.push(ns);
    }
    // Created straight inside the namespaces: the pair never appears on the machine's own side.
    await ipOrThrow(
      ["link", "add", "name", IFACE, "netns", desk, "type", "veth", "peer", "name", IFACE, "netns", phone],
      "cannot make the veth pair",
    );
    const addresses: Record<string, string> = { [desk]: `10.213.${octet}.1`, [phone]: `10.213.${octet}.2` };
    for (const ns of [desk, phone]) {
      await ipOrThrow(["-n", ns, "link", "set", "lo", "up"], `cannot bring lo up in ${ns}`);
      await ipOrThrow(["-n", ns, "addr", "add", `${addresses[ns]}/24`, "dev", IFACE], `cannot address ${ns}`);
      await ipOrThrow(["-n", ns, "link", "set", IFACE, "up"], `cannot bring ${IFACE} up in ${ns}`);
      await ipOrThrow(
        ["-n", ns, "route", "add", "224.0.0.0/4", "dev", IFACE],
        `cannot add the multicast route in ${ns}`,
      );
    }
    return {
      desktop: host(desk, addresses[desk]!),
      phone: host(phone, addresses[phone]!),
      subnet,
      destroy,
    };
  } catch (e) {
    await destroy().catch(() => {});
    throw e;
  }
}

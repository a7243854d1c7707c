/**
 * One mDNS socket on one interface (bonjour-service on multicast-dns), and the name probe the
 * advertiser runs over them. Split from discovery.ts, which advertises and scans with these.
 * What this works around in bonjour-service: docs/dependency-notes.md.
 */
import { Bonjour, type ServiceConfig } from "bonjour-service";
import { type LanInterface, parseTxt, SERVICE_PROTOCOL, SERVICE_TYPE } from "./mdns-records";

/** What discovery logs to (the main process passes its Logger; the shape is a subset of it). */
export interface DiscoveryLog {
  warn(msg: string): void;
  info(msg: string): void;
  debug(msg: string): void;
}

export const stderrLog: DiscoveryLog = {
  warn: (msg) => process.stderr.write(`milady lan: ${msg}\n`),
  info: () => {},
  debug: () => {},
};

/** How long a socket may take to bind, a send to complete, an announcement to go out. */
export const SOCKET_TIMEOUT_MS = 3_000;
/** Name probing (RFC 6762 §8.1): three queries 250 ms apart, then the name is ours. */
const PROBE_QUERIES = 3;
const PROBE_INTERVAL_MS = 250;

export interface MdnsRecord {
  name: string;
  type: string;
  ttl: number;
  data: unknown;
}
interface MdnsPacket {
  answers: MdnsRecord[];
  additionals?: MdnsRecord[];
}
/** The multicast-dns instance bonjour-service keeps (not in its types; see mdnsOf). */
interface MdnsSocket {
  on(event: "error" | "warning", listener: (err: NodeJS.ErrnoException) => void): unknown;
  on(event: "response", listener: (packet: MdnsPacket) => void): unknown;
  once(event: "ready", listener: () => void): unknown;
  once(event: "error", listener: (err: NodeJS.ErrnoException) => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
  query(query: { questions: Array<{ name: string; type: string }> }, cb?: (err?: Error | null) => void): void;
  respond(records: MdnsRecord[], cb?: (err?: Error | null) => void): void;
}

/**
 * bonjour-service never listens for its socket's errors, and an 'error' event without a
 * listener throws: a taken port 5353 would crash the process. Reaching the socket is the only
 * way to catch that, so this checks it is there rather than trusting a private field blindly.
 */
function mdnsOf(bonjour: Bonjour): MdnsSocket {
  const mdns = (bonjour as unknown as { server?: { mdns?: Partial<MdnsSocket> } }).server?.mdns;
  if (!mdns || typeof mdns.on !== "function" || typeof mdns.respond !== "function") {
    throw new Error("bonjour-service has no server.mdns socket (its internals changed); LAN discovery cannot run");
  }
  return mdns as MdnsSocket;
}

export interface Responder {
  iface: LanInterface;
  bonjour: Bonjour;
  mdns: MdnsSocket;
  close(): Promise<void>;
}

function describeSocketError(err: NodeJS.ErrnoException): string {
  if (err.code === "EADDRINUSE") {
    return "UDP port 5353 (mDNS) is held by another program that does not share it (EADDRINUSE)";
  }
  if (err.code === "EACCES") return "no permission to use UDP port 5353 (mDNS) (EACCES)";
  return `the mDNS socket failed: ${err.message}`;
}

export function withTimeout(start: (done: () => void) => void, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    start(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Opens an mDNS socket joined and sending on `iface`; rejects with a readable message. */
async function openResponder(iface: LanInterface, log: DiscoveryLog): Promise<Responder> {
  // multicast-dns options: join the group and send on this interface, but bind the wildcard
  // address: on Linux a socket bound to a unicast address never receives multicast.
  const options = { interface: iface.address, bind: "0.0.0.0" } as Partial<ServiceConfig>;
  // The callback gets errors answering queries; without one bonjour-service throws them.
  const bonjour = new Bonjour(options, (err: Error) => log.warn(`mDNS answer on ${iface.name} failed: ${err.message}`));
  const mdns = mdnsOf(bonjour);
  let closed: Promise<void> | undefined;
  const close = () => {
    // Never rejects: a socket that failed to bind may refuse to close, and there is nothing left to do.
    closed ??= withTimeout((done) => bonjour.destroy(done), SOCKET_TIMEOUT_MS).then(
      () => {},
      () => {},
    );
    return closed;
  };
  // A failed bind is emitted more than once (by the socket and by multicast-dns' bind retry,
  // some of it after an await), and any 'error' without a listener throws: so one listener
  // stays for the socket's whole life. The first error while binding is the answer; later
  // ones are logged while the socket is in use and dropped once it is closed.
  let settle: ((err: NodeJS.ErrnoException | undefined) => void) | undefined;
  mdns.on("error", (err) => {
    if (settle) settle(err);
    else if (!closed) log.warn(`mDNS on ${iface.name}: ${describeSocketError(err)}`);
  });
  mdns.on("warning", (err) => log.debug(`mDNS on ${iface.name} ${iface.address}: ${err.message}`));
  const ready = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
    const timer = setTimeout(
      () => settle?.(Object.assign(new Error("the mDNS socket did not bind in 3 s"), { code: "ETIMEDOUT" })),
      SOCKET_TIMEOUT_MS,
    );
    settle = (err) => {
      settle = undefined;
      clearTimeout(timer);
      resolve(err);
    };
    mdns.once("ready", () => settle?.(undefined));
  });
  if (ready) {
    await close();
    throw new Error(`${iface.name} ${iface.address}: ${describeSocketError(ready)}`);
  }
  return { iface, bonjour, mdns, close };
}

export async function openAll(
  interfaces: LanInterface[],
  log: DiscoveryLog,
): Promise<{ responders: Responder[]; problems: string[] }> {
  const results = await Promise.allSettled(interfaces.map((iface) => openResponder(iface, log)));
  const responders: Responder[] = [];
  const problems: string[] = [];
  for (const result of results) {
    if (result.status === "fulfilled") responders.push(result.value);
    else problems.push(result.reason instanceof Error ? result.reason.message : String(result.reason));
  }
  return { responders, problems };
}

const fqdnOf = (instance: string) => `${instance}._${SERVICE_TYPE}._${SERVICE_PROTOCOL}.local`;
const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Probes the LAN for `instance` (RFC 6762 §8.1): is it answered by another agent? Records
 * carrying our own id are not a conflict (the same agent, e.g. a previous run not yet expired).
 */
export async function nameTaken(responders: Responder[], instance: string, ownId: string): Promise<boolean> {
  const fqdn = fqdnOf(instance);
  return new Promise((resolve) => {
    let finished = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onResponse = (packet: MdnsPacket) => {
      const records = [...packet.answers, ...(packet.additionals ?? [])].filter(
        (r) => r.ttl > 0 && sameName(r.name, fqdn) && (r.type === "SRV" || r.type === "TXT"),
      );
      if (records.length === 0) return;
      const txt = records.find((r) => r.type === "TXT");
      if (txt) {
        const data = Array.isArray(txt.data) ? txt.data : [txt.data];
        const parsed = parseTxt(data as Uint8Array[]);
        if (parsed.ok && parsed.txt.id === ownId) return;
      }
      finish(true);
    };
    const finish = (taken: boolean) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      for (const r of responders) r.mdns.removeListener("response", onResponse);
      resolve(taken);
    };
    for (const r of responders) r.mdns.on("response", onResponse);
    let sent = 0;
    const send = () => {
      if (finished) return;
      if (sent++ === PROBE_QUERIES) return finish(false);
      for (const r of responders) r.mdns.query({ questions: [{ name: fqdn, type: "ANY" }] });
      timer = setTimeout(send, PROBE_INTERVAL_MS);
    };
    send();
  });
}

/**
 * LAN discovery over mDNS / DNS-SD (bonjour-service on multicast-dns): the desktop advertises
 * `_milady._tcp` while LAN access is on, and `milady lan scan` or a paired phone finds it.
 *
 * One mDNS socket per LAN interface. multicast-dns sends on a single interface per socket (the
 * one the routing table picks for 224.0.0.251), so one shared socket would announce on one
 * network only; a socket per interface (bound to 0.0.0.0:5353 with SO_REUSEADDR, joined and
 * sending on that interface) reaches every network the machine is on. Other responders
 * (Avahi, mDNSResponder) share the port the same way; one that does not makes the bind fail
 * with EADDRINUSE, which is reported as a problem, never thrown at the caller.
 * What this works around in bonjour-service: docs/dependency-notes.md.
 */
import { networkInterfaces, hostname as osHostname } from "node:os";
import { Bonjour, type Service, type ServiceConfig } from "bonjour-service";
import {
  AGENT_ID_PATTERN,
  agentFromService,
  type BrowsedService,
  buildTxt,
  type FoundAgent,
  instanceName,
  type LanInterface,
  lanInterfaces,
  mdnsHostName,
  mergeById,
  parseTxt,
  SERVICE_PROTOCOL,
  SERVICE_TYPE,
} from "./mdns-records";

export type { FoundAgent, LanInterface } from "./mdns-records";

/** What discovery logs to (the main process passes its Logger; the shape is a subset of it). */
export interface DiscoveryLog {
  warn(msg: string): void;
  info(msg: string): void;
  debug(msg: string): void;
}

const stderrLog: DiscoveryLog = {
  warn: (msg) => process.stderr.write(`milady lan: ${msg}\n`),
  info: () => {},
  debug: () => {},
};

/** How long a socket may take to bind, a send to complete, an announcement to go out. */
const SOCKET_TIMEOUT_MS = 3_000;
/** Name probing (RFC 6762 §8.1): three queries 250 ms apart, then the name is ours. */
const PROBE_QUERIES = 3;
const PROBE_INTERVAL_MS = 250;
const MAX_NAME_ATTEMPTS = 9;
/**
 * The goodbye goes out twice, this far apart: multicast on Wi-Fi is not acknowledged, and a
 * lost goodbye leaves the phone showing the agent until the records' TTL runs out.
 */
const GOODBYE_REPEAT_MS = 100;
/** How often the advertiser looks for interfaces that came or went. */
const DEFAULT_WATCH_MS = 5_000;

// --- one mDNS socket on one interface ---------------------------------------------------------

interface MdnsRecord {
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

interface Responder {
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

function withTimeout(start: (done: () => void) => void, ms: number): Promise<boolean> {
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

async function openAll(
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
async function nameTaken(responders: Responder[], instance: string, ownId: string): Promise<boolean> {
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

// --- advertising ------------------------------------------------------------------------------

export interface AdvertiseOptions {
  /** The agent's stable id (TXT `id`): a phone finds the agent again by it. */
  id: string;
  /** The agent's name (TXT `name`; the instance name is made from it and the host name). */
  name: string;
  /** The HTTPS port LAN clients use: the SRV port and TXT `port`. */
  port: number;
  /** LAN access is always HTTPS (TXT tls=1). */
  tls: true;
  /** Interface names or IPv4 addresses to advertise on; default every non-loopback IPv4 interface. */
  interfaces?: string[];
  log?: DiscoveryLog;
  /** How often to look for interfaces that came, went or changed address (ms; 0: never). */
  watchMs?: number;
  /** The host name the SRV record points at (default this machine's, as <name>.local). */
  hostname?: string;
}

export interface Advertisement {
  /** The DNS-SD instance name in use, e.g. "Milady (desk)"; undefined while not advertised. */
  readonly instanceName: string | undefined;
  /** The interfaces it is published on now (empty: not advertised). */
  readonly interfaces: LanInterface[];
  readonly advertised: boolean;
  /** What keeps it from being advertised (everywhere), with what it means; undefined when all is well. */
  readonly problem: string | undefined;
  /** Withdraws (goodbye) and publishes again with the changes, e.g. a new port or name. */
  update(changes: Partial<Pick<AdvertiseOptions, "name" | "port" | "interfaces">>): Promise<void>;
  /** Sends the goodbye (every record with TTL 0) on every interface, then closes the sockets. */
  stop(): Promise<void>;
}

function checkOptions(options: Pick<AdvertiseOptions, "id" | "name" | "port">): void {
  if (!AGENT_ID_PATTERN.test(options.id)) {
    throw new Error(`advertiseAgent: id must be 1-128 letters, digits, - or _ (got ${JSON.stringify(options.id)})`);
  }
  if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) {
    throw new Error(`advertiseAgent: port must be 1-65535 (got ${options.port})`);
  }
}

interface Published {
  responder: Responder;
  service: Service;
  /** The records as announced, A records with the addresses of that moment. */
  announced: MdnsRecord[];
}

/** The goodbye on one interface: every record of the service again, with TTL 0. */
async function sendGoodbye({ responder, service, announced }: Published, log: DiscoveryLog): Promise<void> {
  // bonjour-service's stop() unregisters the records (no more answers to queries) and sends
  // them with TTL 0; its callback runs once the datagram was handed to the socket.
  const sent = await withTimeout((done) => service.stop(done), SOCKET_TIMEOUT_MS);
  if (!sent) log.warn(`the mDNS goodbye on ${responder.iface.name} did not go out in 3 s`);
  await Bun.sleep(GOODBYE_REPEAT_MS);
  // The repeat carries the records as they were announced: stop() rebuilds them from the
  // interfaces of now, so after an address change its A records name the new address, not
  // the one phones cached.
  const records = announced.map((record) => ({ ...record, ttl: 0 }));
  await withTimeout((done) => responder.mdns.respond(records, done), SOCKET_TIMEOUT_MS);
}

const interfacesKey = (list: LanInterface[]) =>
  list
    .map((i) => `${i.name}=${i.address}`)
    .sort()
    .join(",");

class Advertiser implements Advertisement {
  instanceName: string | undefined;
  problem: string | undefined;
  private settings: AdvertiseOptions;
  private readonly log: DiscoveryLog;
  private live: Published[] = [];
  /** The interfaces seen at the last publish, to notice a change. */
  private seen = "";
  private chain: Promise<unknown> = Promise.resolve();
  private timer: ReturnType<typeof setInterval> | undefined;
  private stopped = false;

  constructor(options: AdvertiseOptions) {
    this.settings = { ...options };
    this.log = options.log ?? stderrLog;
  }

  get interfaces(): LanInterface[] {
    return this.live.map((p) => p.responder.iface);
  }

  get advertised(): boolean {
    return this.live.length > 0;
  }

  /** Publish, withdraw, update and the interface watch never interleave. */
  private serial<T>(step: () => Promise<T>): Promise<T> {
    const next = this.chain.then(step);
    this.chain = next.catch(() => {});
    return next;
  }

  start(): Promise<void> {
    return this.serial(async () => {
      await this.publish();
      const every = this.settings.watchMs ?? DEFAULT_WATCH_MS;
      if (every > 0) {
        this.timer = setInterval(() => {
          this.serial(() => this.followInterfaces()).catch((error) =>
            this.log.warn(`following the LAN interfaces failed: ${String(error)}`),
          );
        }, every);
        // Advertising never keeps the process alive by itself.
        this.timer.unref?.();
      }
    });
  }

  private currentInterfaces() {
    return lanInterfaces(networkInterfaces(), this.settings.interfaces);
  }

  /** Publishes; whatever goes wrong becomes `problem` (and a log line), never an exception. */
  private async publish(): Promise<void> {
    const opened: Responder[] = [];
    try {
      await this.publishOn(opened);
    } catch (error) {
      this.problem = `Milady is not advertised on the LAN: ${error instanceof Error ? error.message : String(error)}`;
      this.log.warn(this.problem);
      await this.withdraw();
      await Promise.all(opened.map((r) => r.close()));
    }
  }

  private async publishOn(opened: Responder[]): Promise<void> {
    const { id, name, port, tls } = this.settings;
    const { interfaces, missing } = this.currentInterfaces();
    this.seen = interfacesKey(interfaces);
    const problems = missing.map((m) => `no interface ${m} with an IPv4 address`);
    if (interfaces.length === 0) {
      this.instanceName = undefined;
      this.problem = [
        "no LAN interface with an IPv4 address, so Milady is not advertised on the LAN",
        "(it will be once this machine joins a network)",
        ...problems,
      ].join(" ");
      this.log.warn(this.problem);
      return;
    }
    const { responders, problems: openProblems } = await openAll(interfaces, this.log);
    opened.push(...responders);
    problems.push(...openProblems);
    if (responders.length === 0) {
      this.instanceName = undefined;
      this.problem = `Milady is not advertised on the LAN: ${problems.join("; ")}. Phones can still pair with the QR code or the address.`;
      this.log.warn(this.problem);
      return;
    }
    const host = this.settings.hostname ?? osHostname();
    let instance: string | undefined;
    for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS && !instance; attempt++) {
      const candidate = instanceName(name, host, attempt);
      if (await nameTaken(responders, candidate, id)) this.log.info(`"${candidate}" is taken on the LAN`);
      else instance = candidate;
    }
    if (!instance) {
      await Promise.all(responders.map((r) => r.close()));
      this.instanceName = undefined;
      this.problem = `Milady is not advertised on the LAN: "${instanceName(name, host)}" and ${MAX_NAME_ATTEMPTS - 1} variants are all taken by other agents`;
      this.log.warn(this.problem);
      return;
    }
    const txt = buildTxt({ id, name, port, tls });
    for (const responder of responders) {
      const service = responder.bonjour.publish({
        name: instance,
        type: SERVICE_TYPE,
        protocol: SERVICE_PROTOCOL,
        port,
        host: mdnsHostName(host),
        txt,
        // Probing is done above, for every interface at once and knowing our own id; the
        // library's own probe would refuse the name with a console.log and no event.
        probe: false,
        // A phone cannot use a link-local IPv6 address without its zone; IPv4 is what it dials.
        disableIPv6: true,
      });
      this.live.push({ responder, service, announced: service.records() as MdnsRecord[] });
    }
    // 'up' fires once the first announcement was sent.
    await Promise.all(
      this.live.map(({ service }) => withTimeout((done) => service.once("up", done), SOCKET_TIMEOUT_MS)),
    );
    this.instanceName = instance;
    this.problem = problems.length ? `not advertised everywhere: ${problems.join("; ")}` : undefined;
    if (this.problem) this.log.warn(this.problem);
    const where = responders.map((r) => `${r.iface.name} ${r.iface.address}`).join(", ");
    this.log.info(`advertised as "${instance}" (_milady._tcp, port ${port}) on ${where}`);
  }

  private async withdraw(): Promise<void> {
    const live = this.live.splice(0);
    await Promise.all(
      live.map(async (published) => {
        try {
          await sendGoodbye(published, this.log);
        } catch (error) {
          this.log.warn(`the mDNS goodbye on ${published.responder.iface.name} failed: ${String(error)}`);
        }
        await published.responder.close();
      }),
    );
    this.instanceName = undefined;
  }

  private async followInterfaces(): Promise<void> {
    if (this.stopped) return;
    const now = interfacesKey(this.currentInterfaces().interfaces);
    if (now === this.seen) return;
    this.log.info(`LAN interfaces changed (${this.seen || "none"} -> ${now || "none"}): advertising again`);
    await this.withdraw();
    if (!this.stopped) await this.publish();
  }

  update(changes: Partial<Pick<AdvertiseOptions, "name" | "port" | "interfaces">>): Promise<void> {
    checkOptions({ ...this.settings, ...changes });
    return this.serial(async () => {
      if (this.stopped) return;
      this.settings = { ...this.settings, ...changes };
      await this.withdraw();
      await this.publish();
    });
  }

  stop(): Promise<void> {
    return this.serial(async () => {
      if (this.stopped) return;
      this.stopped = true;
      clearInterval(this.timer);
      const had = this.live.length > 0;
      await this.withdraw();
      if (had) this.log.info("mDNS advertisement withdrawn (goodbye sent)");
    });
  }
}

/**
 * Advertises the agent as `_milady._tcp` on every LAN interface. Resolves once the first
 * announcement went out, or with `advertised: false` and a `problem` when it cannot be (no LAN
 * interface, port 5353 taken): discovery failing never fails LAN access. Throws only on a
 * malformed id or port (a bug in the caller).
 */
export async function advertiseAgent(options: AdvertiseOptions): Promise<Advertisement> {
  checkOptions(options);
  const advertiser = new Advertiser(options);
  await advertiser.start();
  return advertiser;
}

// --- scanning ---------------------------------------------------------------------------------

export interface ScanOptions {
  /** How long to listen for answers (ms, default 3000). */
  timeoutMs?: number;
  /** Interface names or IPv4 addresses to scan on; default every non-loopback IPv4 interface. */
  interfaces?: string[];
  log?: DiscoveryLog;
}

/** Query again after 1 s, 2 s, 4 s… (RFC 6762 §5.2), in case the first query or its answer was lost. */
function requeryTimes(timeoutMs: number): number[] {
  const times: number[] = [];
  for (let gap = 1_000, at = gap; at < timeoutMs; gap *= 2, at += gap) times.push(at);
  return times;
}

async function browse(options: ScanOptions, enough: (agent: FoundAgent) => boolean): Promise<FoundAgent[]> {
  const log = options.log ?? stderrLog;
  const timeoutMs = options.timeoutMs ?? 3_000;
  const { interfaces, missing } = lanInterfaces(networkInterfaces(), options.interfaces);
  if (missing.length) log.warn(`no interface ${missing.join(", ")} with an IPv4 address`);
  if (interfaces.length === 0) {
    log.warn("no LAN interface with an IPv4 address: there is no network to scan");
    return [];
  }
  const { responders, problems } = await openAll(interfaces, log);
  if (responders.length === 0) throw new Error(`cannot scan the LAN: ${problems.join("; ")}`);
  for (const problem of problems) log.warn(`not scanning ${problem}`);

  const found: Array<{ agent: FoundAgent; seenAt: number }> = [];
  const ignored = new Set<string>();
  const browsers = responders.map((r) => r.bonjour.find({ type: SERVICE_TYPE, protocol: SERVICE_PROTOCOL }));
  const timers: Array<ReturnType<typeof setTimeout>> = [];
  await new Promise<void>((resolve) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      resolve();
    };
    const consider = (service: Service) => {
      const result = agentFromService(service as unknown as BrowsedService);
      if (!result.ok) {
        if (!ignored.has(service.fqdn)) log.debug(`ignoring "${service.name}": ${result.problem}`);
        ignored.add(service.fqdn);
        return;
      }
      found.push({ agent: result.agent, seenAt: Date.now() });
      if (enough(result.agent)) finish();
    };
    for (const browser of browsers) {
      browser.on("up", consider);
      browser.on("srv-update", consider);
      browser.on("txt-update", consider);
    }
    // A service seen before the listeners were attached (same tick) is in `services`.
    for (const browser of browsers) for (const service of browser.services) consider(service);
    for (const at of requeryTimes(timeoutMs)) {
      timers.push(
        setTimeout(() => {
          for (const browser of browsers) browser.update();
        }, at),
      );
    }
    timers.push(setTimeout(finish, timeoutMs));
  });
  for (const timer of timers) clearTimeout(timer);
  for (const browser of browsers) browser.stop();
  await Promise.all(responders.map((r) => r.close()));
  return mergeById(found);
}

/**
 * Every Milady agent answering on the LAN within `timeoutMs`, one per id; services whose TXT
 * is not a valid Milady record are ignored. Throws only when no interface could be listened on.
 */
export function scanLan(options: ScanOptions = {}): Promise<FoundAgent[]> {
  return browse(options, () => false);
}

/**
 * The agent with this id, as soon as it answers (or undefined after `timeoutMs`): how a paired
 * phone or peer finds the desktop again after its address changed.
 */
export async function findAgentById(
  id: string,
  timeoutMs = 5_000,
  options: Omit<ScanOptions, "timeoutMs"> = {},
): Promise<FoundAgent | undefined> {
  const agents = await browse({ ...options, timeoutMs }, (agent) => agent.id === id);
  return agents.find((agent) => agent.id === id);
}

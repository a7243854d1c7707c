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
 *
 * This file advertises; the sockets and the name probe are in mdns-socket.ts, scanning in lan-scan.ts.
 */
import { networkInterfaces, hostname as osHostname } from "node:os";
import type { Service } from "bonjour-service";
import {
  AGENT_ID_PATTERN,
  buildTxt,
  instanceName,
  type LanInterface,
  lanInterfaces,
  mdnsHostName,
  SERVICE_PROTOCOL,
  SERVICE_TYPE,
} from "./mdns-records";
import {
  type DiscoveryLog,
  type MdnsRecord,
  nameTaken,
  openAll,
  type Responder,
  SOCKET_TIMEOUT_MS,
  stderrLog,
  withTimeout,
} from "./mdns-socket";

export type { FoundAgent, LanInterface } from "./mdns-records";
export type { DiscoveryLog } from "./mdns-socket";

const MAX_NAME_ATTEMPTS = 9;
/**
 * The goodbye goes out twice, this far apart: multicast on Wi-Fi is not acknowledged, and a
 * lost goodbye leaves the phone showing the agent until the records' TTL runs out.
 */
const GOODBYE_REPEAT_MS = 100;
/** How often the advertiser looks for interfaces that came or went. */
const DEFAULT_WATCH_MS = 5_000;

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

// Scanning lives in lan-scan.ts; these names stay importable from here.
export { findAgentById, type ScanOptions, scanLan } from "./lan-scan";

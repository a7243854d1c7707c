/** `milady lan scan` and finding a paired agent again by its id: browsing `_milady._tcp` on every LAN interface. */
import { networkInterfaces } from "node:os";
import type { Service } from "bonjour-service";
import {
  agentFromService,
  type BrowsedService,
  type FoundAgent,
  lanInterfaces,
  mergeById,
  SERVICE_PROTOCOL,
  SERVICE_TYPE,
} from "./mdns-records";
import { type DiscoveryLog, openAll, stderrLog } from "./mdns-socket";

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

/**
 * The pure half of LAN discovery: what Milady puts in its DNS-SD records and how a scanner
 * reads them back. No sockets here, so all of it is unit-tested without a network.
 *
 * The service is `_milady._tcp` and its TXT record is exactly v=1, id, name, port, tls
 * (issue #10): nothing secret ever goes in it, since every host on the LAN can read it.
 */
import type { NetworkInterfaceInfo } from "node:os";

/** DNS-SD service type: `_milady._tcp.local`. */
export const SERVICE_TYPE = "milady";
export const SERVICE_PROTOCOL = "tcp";
export const TXT_VERSION = 1;

/** The agent id as it may appear in TXT: a UUID or any other token of letters, digits, - and _. */
export const AGENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** RFC 6763 §6.1: one TXT string is at most 255 bytes. */
const TXT_ENTRY_MAX = 255;
/** RFC 1035: one DNS label (the instance name is one) is at most 63 bytes. */
const LABEL_MAX = 63;

export interface AgentTxt {
  v: typeof TXT_VERSION;
  id: string;
  name: string;
  port: number;
  tls: boolean;
}

/** An agent a scan found, one per id. `addresses` are best first (the one the answer came from leads). */
export interface FoundAgent {
  id: string;
  name: string;
  /** The SRV target, e.g. desk.local. */
  host: string;
  addresses: string[];
  port: number;
  tls: boolean;
  v: typeof TXT_VERSION;
}

/** Cuts `text` to at most `maxBytes` of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const encoder = new TextEncoder();
  if (encoder.encode(text).length <= maxBytes) return text;
  let out = "";
  let used = 0;
  for (const char of text) {
    const size = encoder.encode(char).length;
    if (used + size > maxBytes) break;
    out += char;
    used += size;
  }
  return out;
}

/** The agent's name as shown to people: control characters dropped, spaces collapsed, never empty. */
export function cleanName(name: string): string {
  const printable = [...name].filter((char) => {
    const code = char.codePointAt(0) ?? 0;
    return code >= 0x20 && code !== 0x7f;
  });
  const cleaned = printable.join("").replace(/\s+/g, " ").trim();
  return cleaned || "Milady";
}

/** The TXT record's entries, in order. The name is cut to fit one TXT string. */
export function buildTxt(agent: { id: string; name: string; port: number; tls: boolean }): Record<string, string> {
  return {
    v: String(TXT_VERSION),
    id: agent.id,
    name: truncateUtf8(cleanName(agent.name), TXT_ENTRY_MAX - "name=".length),
    port: String(agent.port),
    tls: agent.tls ? "1" : "0",
  };
}

/** The first label of the machine's host name, usable as a DNS label. */
export function shortHostName(hostname: string): string {
  const first = hostname.split(".")[0] ?? "";
  const label = first
    .replace(/[^A-Za-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, LABEL_MAX);
  return label || "milady";
}

/** The SRV target and A record name: `<host>.local` (a bare host name is not resolvable over mDNS). */
export function mdnsHostName(hostname: string): string {
  return `${shortHostName(hostname)}.local`;
}

/**
 * The DNS-SD instance name: "Milady (desk)", then "Milady (desk) 2", 3… when another agent on
 * the LAN holds it (two profiles on one machine both called Milady). One DNS label: at most 63
 * bytes and no dots (bonjour-service does not escape them; it would turn them into dashes).
 */
export function instanceName(name: string, hostname: string, attempt = 1): string {
  const suffix = ` (${shortHostName(hostname)})${attempt > 1 ? ` ${attempt}` : ""}`;
  const base = cleanName(name).replace(/\./g, "-");
  const room = LABEL_MAX - new TextEncoder().encode(suffix).length;
  if (room <= 0) return truncateUtf8(`${base}${suffix}`, LABEL_MAX);
  return `${truncateUtf8(base, room).trimEnd()}${suffix}`;
}

/**
 * Reads a TXT record (its raw strings) as Milady's. Keys are case-insensitive and only the
 * first of a repeated key counts (RFC 6763 §6.4); unknown keys are ignored so a later version
 * may add some. `srvPort`, when given, must equal TXT `port`.
 */
export function parseTxt(
  entries: ReadonlyArray<Uint8Array | string> | undefined,
  srvPort?: number,
): { ok: true; txt: AgentTxt } | { ok: false; problem: string } {
  if (!entries || entries.length === 0) return { ok: false, problem: "no TXT record" };
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const values = new Map<string, string | undefined>();
  for (const entry of entries) {
    let text: string;
    try {
      text = typeof entry === "string" ? entry : decoder.decode(entry);
    } catch {
      return { ok: false, problem: "a TXT string is not UTF-8" };
    }
    if (text.length === 0) continue;
    const eq = text.indexOf("=");
    const key = (eq === -1 ? text : text.slice(0, eq)).toLowerCase();
    if (!key || values.has(key)) continue;
    values.set(key, eq === -1 ? undefined : text.slice(eq + 1));
  }
  const v = values.get("v");
  if (v !== String(TXT_VERSION)) return { ok: false, problem: v === undefined ? "no v" : `unknown v=${v}` };
  const id = values.get("id");
  if (!id || !AGENT_ID_PATTERN.test(id)) return { ok: false, problem: "missing or invalid id" };
  const name = values.get("name");
  if (!name?.trim()) return { ok: false, problem: "missing name" };
  const portText = values.get("port");
  const port = Number(portText);
  if (!portText || !/^\d{1,5}$/.test(portText) || port < 1 || port > 65535) {
    return { ok: false, problem: "missing or invalid port" };
  }
  if (srvPort !== undefined && srvPort !== port) {
    return { ok: false, problem: `TXT port ${port} is not the SRV port ${srvPort}` };
  }
  const tls = values.get("tls");
  if (tls !== "1" && tls !== "0") return { ok: false, problem: "missing or invalid tls" };
  return { ok: true, txt: { v: TXT_VERSION, id, name: cleanName(name), port, tls: tls === "1" } };
}

/** What a DNS-SD browser hands over for one service instance (bonjour-service's shape, loosely). */
export interface BrowsedService {
  host?: string;
  port?: number;
  addresses?: string[];
  rawTxt?: ReadonlyArray<Uint8Array | string>;
  /** Where the answer came from. */
  referer?: { address?: string };
}

/** The agent a browsed service describes, or why it is not one of ours. */
export function agentFromService(
  service: BrowsedService,
): { ok: true; agent: FoundAgent } | { ok: false; problem: string } {
  const parsed = parseTxt(service.rawTxt, service.port);
  if (!parsed.ok) return parsed;
  const addresses = orderAddresses(service.addresses ?? [], service.referer?.address);
  if (addresses.length === 0) return { ok: false, problem: "no address" };
  const { v, id, name, port, tls } = parsed.txt;
  return { ok: true, agent: { id, name, host: service.host ?? "", addresses, port, tls, v } };
}

const isIPv4 = (address: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(address);

/**
 * The answer's source first (a phone can reach it: the packet came over that link), then the
 * other IPv4 addresses, then IPv6; no duplicates.
 */
export function orderAddresses(addresses: readonly string[], referer?: string): string[] {
  const all = [...(referer ? [referer] : []), ...addresses.filter(isIPv4), ...addresses.filter((a) => !isIPv4(a))];
  return [...new Set(all.filter(Boolean))];
}

/**
 * One entry per agent id. The same agent answers once per interface (and a restarted one may
 * still be cached under an old port): the answer seen last wins, the addresses of all are kept.
 */
export function mergeById(found: ReadonlyArray<{ agent: FoundAgent; seenAt: number }>): FoundAgent[] {
  const byId = new Map<string, { agent: FoundAgent; seenAt: number }>();
  for (const entry of found) {
    const prev = byId.get(entry.agent.id);
    if (!prev) {
      byId.set(entry.agent.id, { agent: { ...entry.agent }, seenAt: entry.seenAt });
      continue;
    }
    const [latest, older] = entry.seenAt >= prev.seenAt ? [entry, prev] : [prev, entry];
    byId.set(entry.agent.id, {
      agent: { ...latest.agent, addresses: [...new Set([...latest.agent.addresses, ...older.agent.addresses])] },
      seenAt: latest.seenAt,
    });
  }
  return [...byId.values()]
    .map((entry) => entry.agent)
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

export interface LanInterface {
  /** en0, wlan0, eth0… */
  name: string;
  address: string;
}

/**
 * The interfaces to use for mDNS: every interface with a non-loopback IPv4 address, one
 * address each (a multicast group is joined once per interface). `wanted` (names or addresses)
 * narrows it; the ones that match nothing are returned as `missing`.
 */
export function lanInterfaces(
  nets: NodeJS.Dict<NetworkInterfaceInfo[]>,
  wanted?: readonly string[],
): { interfaces: LanInterface[]; missing: string[] } {
  const all: LanInterface[] = [];
  for (const [name, infos] of Object.entries(nets)) {
    const v4 = (infos ?? []).find(
      (info) => info.family === "IPv4" && !info.internal && !info.address.startsWith("127."),
    );
    if (v4) all.push({ name, address: v4.address });
  }
  if (!wanted) return { interfaces: all, missing: [] };
  const interfaces = all.filter((i) => wanted.includes(i.name) || wanted.includes(i.address));
  const missing = wanted.filter((w) => !all.some((i) => i.name === w || i.address === w));
  return { interfaces, missing };
}

/** `https://10.0.0.5:2139`, with brackets for IPv6. */
export function agentUrl(agent: Pick<FoundAgent, "tls" | "port">, address: string): string {
  const host = address.includes(":") ? `[${address}]` : address;
  return `${agent.tls ? "https" : "http"}://${host}:${agent.port}`;
}

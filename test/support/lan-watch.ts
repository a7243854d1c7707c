/**
 * The phone side of the LAN discovery test, run inside a network namespace: browses
 * `_milady._tcp` with bonjour-service and reports on stdout, one JSON object a line:
 * `up` (with the raw TXT strings), `down` (the browser saw a goodbye) and `goodbye` (the raw
 * records with TTL 0 as they came off the wire, read from the multicast-dns socket itself).
 *
 *   bun test/support/lan-watch.ts
 */
import { networkInterfaces } from "node:os";
import { Bonjour, type Service } from "bonjour-service";

interface WireRecord {
  name: string;
  type: string;
  ttl: number;
}
interface WireSocket {
  on(event: "response", listener: (packet: { answers: WireRecord[]; additionals?: WireRecord[] }) => void): void;
  on(event: "error" | "warning", listener: (err: Error) => void): void;
}

const say = (event: string, detail: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ event, at: Date.now(), ...detail })}\n`);

const address = Object.values(networkInterfaces())
  .flat()
  .find((info) => info && info.family === "IPv4" && !info.internal)?.address;
if (!address) {
  say("error", { message: "no IPv4 interface" });
  process.exit(1);
}
const bonjour = new Bonjour({ interface: address, bind: "0.0.0.0" } as never, (err: Error) =>
  say("error", { message: err.message }),
);
// The raw socket: multicast-dns' decoded packets, before bonjour-service interprets them.
const mdns = (bonjour as unknown as { server: { mdns: WireSocket } }).server.mdns;
mdns.on("error", (err) => say("error", { message: err.message }));
mdns.on("warning", () => {});
mdns.on("response", (packet) => {
  const records = [...packet.answers, ...(packet.additionals ?? [])]
    .filter((r) => r.ttl === 0)
    .map(({ name, type, ttl }) => ({ name, type, ttl }));
  if (records.some((r) => r.name.toLowerCase().includes("_milady._tcp"))) say("goodbye", { records });
});

const describe = (service: Service) => ({
  name: service.name,
  host: service.host,
  port: service.port,
  addresses: service.addresses,
  txt: ((service as unknown as { rawTxt?: Uint8Array[] }).rawTxt ?? []).map((b) => new TextDecoder().decode(b)),
});
const browser = bonjour.find({ type: "milady", protocol: "tcp" });
browser.on("up", (service) => say("up", describe(service)));
browser.on("down", (service) => say("down", { name: service.name }));
// Ask again now and then: a watcher started before the agent still sees it come up.
setInterval(() => browser.update(), 1_000);
say("watching", { address });
process.on("SIGTERM", () => bonjour.destroy(() => process.exit(0)));

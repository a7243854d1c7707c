/**
 * The desktop side of the LAN discovery test, run inside a network namespace (never on the
 * machine's own network): advertises an agent with src-main/lan/discovery.ts and reports on
 * stdout, one JSON object a line. SIGTERM withdraws it (the goodbye) the way quitting does;
 * SIGUSR1 moves it to the next port, the way a changed server.lanPort does.
 *
 *   bun test/support/lan-advertise.ts --id ID --name NAME --port 2139
 */
import { parseArgs } from "node:util";
import { advertiseAgent } from "../../src-main/lan/discovery";

const { values } = parseArgs({
  options: {
    id: { type: "string" },
    name: { type: "string", default: "Milady" },
    port: { type: "string", default: "2139" },
    hostname: { type: "string" },
  },
});

const say = (event: string, detail: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ event, at: Date.now(), ...detail })}\n`);
const log = (level: string) => (msg: string) => process.stderr.write(`${JSON.stringify({ level, msg })}\n`);

const ad = await advertiseAgent({
  id: values.id ?? "",
  name: values.name ?? "Milady",
  port: Number(values.port),
  tls: true,
  hostname: values.hostname,
  log: { warn: log("warn"), info: log("info"), debug: log("debug") },
});
say("advertised", {
  advertised: ad.advertised,
  instanceName: ad.instanceName,
  interfaces: ad.interfaces,
  problem: ad.problem,
});

// The advertiser's sockets do not hold the process open by design; this does until SIGTERM.
const keepAlive = setInterval(() => {}, 60_000);
let port = Number(values.port);
process.on("SIGUSR1", async () => {
  port += 1;
  await ad.update({ port });
  say("updated", { port, advertised: ad.advertised, instanceName: ad.instanceName });
});
process.on("SIGTERM", async () => {
  const t0 = Date.now();
  await ad.stop();
  say("stopped", { ms: Date.now() - t0, advertised: ad.advertised });
  clearInterval(keepAlive);
  process.exit(0);
});

import type { Command } from "commander";
import { fail, globalOptions, UsageError } from "./context";

const DEFAULT_TIMEOUT_MS = 3_000;
const MAX_TIMEOUT_MS = 60_000;

/** --timeout in ms, checked here (not by commander) so a bad value is a wrong call: exit 2 like the others. */
export function parseScanTimeout(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  const ms = Number(value);
  if (!/^\d+$/.test(value.trim()) || ms < 100 || ms > MAX_TIMEOUT_MS) {
    throw new UsageError(
      `--timeout must be a number of milliseconds from 100 to ${MAX_TIMEOUT_MS} (got ${JSON.stringify(value)})`,
      `For example: milady lan scan --timeout 5000`,
    );
  }
  return ms;
}

/** `milady lan scan`: the Milady agents that answer over mDNS on this machine's networks. */
export function registerLanCommand(program: Command): void {
  const lan = program.command("lan").description("LAN access: find Milady agents on your network");
  lan
    .command("scan")
    .description("list the Milady agents advertised over mDNS (_milady._tcp) on your networks")
    .option("--timeout <ms>", `how long to listen for answers (default ${DEFAULT_TIMEOUT_MS})`)
    .option("--json", "print a JSON array of {id, name, host, addresses, port, tls, v}")
    .action(async (opts: { timeout?: string; json?: boolean }, command: Command) => {
      const global = globalOptions(command);
      try {
        const timeoutMs = parseScanTimeout(opts.timeout);
        // Loaded only here: the mDNS library is not parsed on every other command's start.
        const { scanLan } = await import("../lan/discovery");
        const { agentUrl } = await import("../lan/mdns-records");
        const agents = await scanLan({ timeoutMs });
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(agents, null, 2)}\n`);
        } else if (agents.length === 0) {
          process.stdout.write(
            `No Milady agent found on the LAN in ${timeoutMs / 1000} s. An agent is advertised only while its LAN access is on (milady start --lan).\n`,
          );
        } else {
          for (const agent of agents) {
            const urls = agent.addresses.map((address) => agentUrl(agent, address)).join(" ");
            process.stdout.write(`${agent.name}  id ${agent.id}  ${urls}\n`);
          }
        }
        // The sockets are closed, but exit now rather than wait on anything a library left behind.
        process.exit(0);
      } catch (error) {
        fail(error, global);
      }
    });
}

import type { Command } from "commander";
import { readRunFile } from "../app/run-file";
import { fail, globalOptions, openConfig, UsageError } from "./context";
import { callRunning } from "./running-api";

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
  const lan = program.command("lan").description("LAN access: turn it on or off, find Milady agents on your network");
  for (const [name, enabled] of [
    ["on", true],
    ["off", false],
  ] as const) {
    lan
      .command(name)
      .description(
        enabled
          ? "turn LAN access on (kept in config): phones on this network can pair, over HTTPS"
          : "turn LAN access off (kept in config): only this machine reaches Milady",
      )
      .action(async (_opts: unknown, command: Command) => {
        const global = globalOptions(command);
        try {
          const store = openConfig(global);
          // Running: the server applies it at once (and closes LAN connections when off). Not running: config only.
          if (readRunFile(store.paths.stateDir)) {
            const status = await callRunning<{ enabled: boolean; problem?: string; urls: { url: string }[] }>(
              store,
              "PUT",
              "/api/lan",
              { enabled },
            );
            if (enabled && !status.enabled)
              throw new UsageError("LAN access did not start", status.problem ?? "See the log.");
            process.stdout.write(
              enabled
                ? `LAN access is on: ${status.urls.map((u) => u.url).join(", ")}. \`milady pair\` pairs a phone.\n`
                : "LAN access is off: only this machine reaches Milady.\n",
            );
            return;
          }
          await store.patch({ config: { server: { lan: enabled } } });
          process.stdout.write(
            `LAN access will be ${enabled ? "on" : "off"} when Milady starts (server.lan = ${enabled}).\n`,
          );
        } catch (error) {
          fail(error, global);
        }
      });
  }
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

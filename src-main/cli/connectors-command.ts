import type { Command } from "commander";
import type { ConnectorInfo, ConnectorTestResult } from "../../src-shared/contracts";
import { fail, globalOptions, openConfig } from "./context";
import { callRunning } from "./running-api";

function line(c: ConnectorInfo): string {
  const who = c.botName ? ` as ${c.botName}` : "";
  const why = c.reason ? ` (${c.reason})` : c.progress ? ` (${c.progress})` : "";
  return `${c.id.padEnd(9)} ${c.status}${who}${why}\n`;
}

/** `milady connectors list|set|test|remove`: the running Milady's chat connectors (over its loopback API). */
export function registerConnectorsCommand(program: Command): void {
  const connectors = program
    .command("connectors")
    .description("chat connectors (Telegram, Discord) of the running Milady");
  const act =
    <A extends unknown[]>(body: (store: ReturnType<typeof openConfig>, ...args: A) => Promise<void>) =>
    async (...args: [...A, Command]) => {
      const global = globalOptions(args[args.length - 1] as Command);
      try {
        await body(openConfig(global), ...(args.slice(0, -1) as A));
      } catch (error) {
        fail(error, global);
      }
    };

  connectors
    .command("list")
    .description("each connector and its state (not configured, installing, connected, failed with why)")
    .option("--json", "print the JSON of GET /api/connectors")
    .action(
      act(async (store, options: { json?: boolean }) => {
        const { connectors: list } = await callRunning<{ connectors: ConnectorInfo[] }>(
          store,
          "GET",
          "/api/connectors",
        );
        if (options.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        else for (const c of list) process.stdout.write(line(c));
      }),
    );

  connectors
    .command("set <id>")
    .description("save a connector's token and turn it on (its plugin installs; then restart the agent)")
    .option("--token <token>", "TELEGRAM_BOT_TOKEN or DISCORD_API_TOKEN")
    .option("--application-id <id>", "DISCORD_APPLICATION_ID (Discord)")
    .option("--off", "keep it configured but switched off")
    .action(
      act(async (store, id: string, flags: { token?: string; applicationId?: string; off?: boolean }) => {
        const body = {
          ...(flags.token ? { token: flags.token } : {}),
          ...(flags.applicationId ? { applicationId: flags.applicationId } : {}),
          ...(flags.off ? { enabled: false } : {}),
        };
        const { connector } = await callRunning<{ connector: ConnectorInfo }>(
          store,
          "PUT",
          `/api/connectors/${encodeURIComponent(id)}`,
          body,
        );
        process.stdout.write(line(connector));
        if (connector.status === "installing" || connector.status === "restart_required") {
          process.stdout.write("Restart the agent once its plugin is installed: milady connectors list shows when.\n");
        }
      }),
    );

  connectors
    .command("test <id>")
    .description("check a token (the given one, else the saved one) against the service")
    .option("--token <token>", "a token to check instead of the saved one")
    .action(
      act(async (store, id: string, flags: { token?: string }) => {
        const r = await callRunning<ConnectorTestResult>(
          store,
          "POST",
          `/api/connectors/${encodeURIComponent(id)}/test`,
          flags.token ? { token: flags.token } : {},
        );
        process.stdout.write(`${r.result}: ${r.message}\n`);
        if (r.result !== "ok") process.exitCode = 1;
      }),
    );

  connectors
    .command("remove <id>")
    .description("turn a connector off and delete its token")
    .action(
      act(async (store, id: string) => {
        await callRunning(store, "DELETE", `/api/connectors/${encodeURIComponent(id)}`);
        process.stdout.write(`Removed ${id}: its token is deleted.\n`);
      }),
    );
}

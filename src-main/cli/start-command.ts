import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import { globalOptions, logLevelFlag, openConfig, wantsColor } from "./context";

export interface StartOptions {
  cli?: boolean;
  port?: number;
  bind?: string;
  model?: string;
  host?: "worker" | "process";
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError("must be a port number from 0 to 65535 (0 picks a free port)");
  }
  return port;
}

/** Inside a built Electrobun app the launcher sits next to Resources/version.json. */
export function insideDesktopApp(): boolean {
  return existsSync(join(dirname(process.execPath), "..", "Resources", "version.json"));
}

export function registerStartCommand(program: Command): void {
  program
    .command("start")
    .description("start Milady (desktop app, or headless API + dashboard with --cli)")
    .option("--cli", "headless: serve the API and dashboard without a window (servers)")
    .option("--port <port>", "port for the API and dashboard (default 2138)", parsePort)
    .option("--bind <address>", "address to listen on (default 127.0.0.1; other addresses require a token)")
    .option("--model <path|hf:uri>", "local GGUF model file, or an hf: URI to download into <state>/models")
    .addOption(new Option("--host <kind>", "where the agent runs").choices(["worker", "process"]))
    .action(async (options: StartOptions, command: Command) => {
      const global = globalOptions(command);
      const store = openConfig(global, {
        port: options.port,
        bind: options.bind,
        model: options.model,
        host: options.host,
        logLevel: logLevelFlag(global),
      });
      const desktop = !options.cli && insideDesktopApp();
      const { runHeadless } = await import("../app/headless");
      // Headless installs learn about new versions from npm (the updates service); the desktop app from its updater.
      const app = await runHeadless({ store, color: wantsColor(global), profile: global.profile, desktop });
      if (desktop) {
        // The only path that loads Electrobun: never in --cli mode (it opens ports and hooks signals).
        const { runDesktop } = await import("../desktop");
        await runDesktop(app);
      } else if (!options.cli) {
        app.logger.info(
          "no desktop shell here (not inside the Milady app): running headless; pass --cli to silence this",
        );
      }
    });
}

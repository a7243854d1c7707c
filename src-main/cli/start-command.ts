import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import { describeLink } from "../../src-shared/protocol";
import { handOffToDesktopApp } from "../app/single-instance";
import { StateDirLocked } from "../app/state-lock";
import type { FileConfigStore } from "../config";
import type { DesktopLauncher } from "../desktop";
import { globalOptions, logLevelFlag, openConfig, wantsColor } from "./context";

export interface StartOptions {
  cli?: boolean;
  port?: number;
  bind?: string;
  model?: string;
  host?: "worker" | "process";
  lan?: boolean;
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

/**
 * The state dir is taken. When the desktop app holds it, ask the app to come forward
 * (with the link, if any) and exit 0 with one line; otherwise the "already running" error stands.
 */
async function focusRunningApp(error: StateDirLocked, store: FileConfigStore, link: string | undefined): Promise<void> {
  const result = await handOffToDesktopApp({
    stateDir: store.paths.stateDir,
    owner: error.owner,
    token: store.secrets().MILADY_API_TOKEN,
    link,
  });
  if (!result.done) throw error;
  const note =
    result.link === "opened"
      ? ", at the link"
      : result.link === "ignored"
        ? "; it ignored the link (not one Milady knows)"
        : "";
  process.stdout.write(
    `Milady is already running (pid ${result.pid}, ${result.url}): brought its window to the front${note}.\n`,
  );
  process.exit(0);
}

/**
 * `milady start [link]`. `launcher` runs the desktop layer on another shell than Electrobun's
 * (the test entry in test/support gives it a fake one); without it the desktop layer runs only
 * inside the built app.
 */
export function registerStartCommand(program: Command, launcher?: DesktopLauncher): void {
  program
    .command("start")
    .description("start Milady (desktop app, or headless API + dashboard with --cli)")
    .argument("[link]", "a milady:// link for the desktop app to open (sent to the running one when it is already up)")
    .option("--cli", "headless: serve the API and dashboard without a window (servers)")
    .option("--port <port>", "port for the API and dashboard (default 2138)", parsePort)
    .option("--bind <address>", "address to listen on (default 127.0.0.1; other addresses require a token)")
    .option("--model <path|hf:uri>", "local GGUF model file, or an hf: URI to download into <state>/models")
    .addOption(new Option("--host <kind>", "where the agent runs").choices(["worker", "process"]))
    .option("--lan", "LAN access for this run: phones on the network can pair (HTTPS on server.lanPort, 2139)")
    .action(async (link: string | undefined, options: StartOptions, command: Command) => {
      const global = globalOptions(command);
      const store = openConfig(global, {
        port: options.port,
        bind: options.bind,
        model: options.model,
        host: options.host,
        logLevel: logLevelFlag(global),
      });
      const desktop = !options.cli && (launcher !== undefined || insideDesktopApp());
      const { runHeadless } = await import("../app/headless");
      // The desktop layer is imported only on this path; it loads Electrobun itself, after the lock is ours.
      const layer = desktop ? await import("../desktop") : undefined;
      const app = await runHeadless({
        store,
        color: wantsColor(global),
        profile: global.profile,
        lan: options.lan,
        desktop: layer
          ? (core) => layer.desktopService(core, { launcher: launcher ?? layer.electrobunLauncher, initialLink: link })
          : undefined,
      }).catch(async (error: unknown) => {
        if (error instanceof StateDirLocked) await focusRunningApp(error, store, link);
        throw error;
      });
      if (link && !desktop) app.logger.warn(`ignored ${describeLink(link)}: milady:// links open in the desktop app`);
      // Headless installs learn about new versions from npm (the updates service), the desktop app from its updater.
      if (!desktop && !options.cli) {
        app.logger.info(
          "no desktop shell here (not inside the Milady app): running headless; pass --cli to silence this",
        );
      }
    });
}

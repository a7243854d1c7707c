import { Command, CommanderError } from "commander";
import type { DesktopLauncher } from "../desktop";
import { VERSION } from "../version";
import { registerArchiveCommands } from "./archive-command";
import { registerCharacterCommand } from "./character-command";
import { registerConfigCommand } from "./config-command";
import { registerConnectorsCommand } from "./connectors-command";
import { EXIT_USAGE, fail, globalOptions } from "./context";
import { registerDbCommand } from "./db-command";
import { registerDoctorCommand } from "./doctor-command";
import { registerLanCommand } from "./lan-command";
import { registerModelsCommand } from "./models-command";
import { registerPairCommands } from "./pair-command";
import { registerPluginsCommand } from "./plugins-command";
import { registerSetupCommand } from "./setup-command";
import { registerStartCommand } from "./start-command";
import { registerTokenCommand } from "./token-command";
import { registerTriggersCommand } from "./triggers-command";
import { registerUpdateCommand } from "./update-command";

export interface ProgramOptions {
  /** Runs `milady start`'s desktop layer on this shell instead of Electrobun's (test/support's entry only). */
  desktop?: DesktopLauncher;
}

export function buildProgram(options: ProgramOptions = {}): Command {
  const program = new Command("milady")
    .description("Milady: a personal AI agent that runs on your own machine.")
    .version(VERSION, "-V, --version")
    .option("--state-dir <dir>", "where Milady keeps its files (default ~/.milady, or MILADY_STATE_DIR)")
    .option("--profile <name>", "use a separate profile with its state in ~/.milady-<name>")
    .option("--verbose", "log more (debug level)")
    .option("--debug", "log everything and show stack traces")
    .option("--no-color", "plain output without colours (NO_COLOR works too)")
    .showHelpAfterError("(run with --help for usage)")
    // A wrong call (unknown option, missing argument) exits 2 like every other usage error, not commander's 1.
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });

  registerStartCommand(program, options.desktop);
  registerConfigCommand(program);
  registerSetupCommand(program);
  registerDoctorCommand(program);
  registerModelsCommand(program);
  registerTokenCommand(program);
  registerUpdateCommand(program);
  registerPairCommands(program);
  registerLanCommand(program);
  registerTriggersCommand(program);
  registerConnectorsCommand(program);
  registerPluginsCommand(program);
  registerCharacterCommand(program);
  registerDbCommand(program);
  registerArchiveCommands(program);
  return program;
}

export async function runCli(argv: string[], options: ProgramOptions = {}): Promise<void> {
  const program = buildProgram(options);
  // `milady` or `milady --cli ...` with no command means `start`; so does `milady milady://…` (how an OS hands a link to the app).
  const args = argv.slice(2);
  const first = args.find((arg) => !arg.startsWith("-"));
  const known = program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
  const wantsHelp = args.some((a) => ["-h", "--help", "-V", "--version"].includes(a));
  const isLink = first?.startsWith("milady:") ?? false;
  if (
    !wantsHelp &&
    (first === undefined || !known.includes(first)) &&
    (args.length === 0 || args.includes("--cli") || isLink)
  ) {
    args.unshift("start");
  }
  try {
    await program.parseAsync(args, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed what was wrong (and the usage hint).
      const asked = ["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code);
      process.exit(asked ? 0 : EXIT_USAGE);
    }
    fail(error, globalOptions(program));
  }
}

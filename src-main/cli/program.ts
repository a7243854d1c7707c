import { Command } from "commander";
import { VERSION } from "../version";
import { registerConfigCommand } from "./config-command";
import { fail, globalOptions } from "./context";
import { registerDoctorCommand } from "./doctor-command";
import { registerModelsCommand } from "./models-command";
import { registerSetupCommand } from "./setup-command";
import { registerStartCommand } from "./start-command";
import { registerTokenCommand } from "./token-command";
import { registerUpdateCommand } from "./update-command";

export function buildProgram(): Command {
  const program = new Command("milady")
    .description("Milady: a personal AI agent that runs on your own machine.")
    .version(VERSION, "-V, --version")
    .option("--state-dir <dir>", "where Milady keeps its files (default ~/.milady, or MILADY_STATE_DIR)")
    .option("--profile <name>", "use a separate profile with its state in ~/.milady-<name>")
    .option("--verbose", "log more (debug level)")
    .option("--debug", "log everything and show stack traces")
    .option("--no-color", "plain output without colours (NO_COLOR works too)")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ outputError: (text, write) => write(text) });

  registerStartCommand(program);
  registerConfigCommand(program);
  registerSetupCommand(program);
  registerDoctorCommand(program);
  registerModelsCommand(program);
  registerTokenCommand(program);
  registerUpdateCommand(program);
  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  const program = buildProgram();
  // `milady` or `milady --cli ...` with no command means `start`.
  const args = argv.slice(2);
  const first = args.find((arg) => !arg.startsWith("-"));
  const known = program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
  const wantsHelp = args.some((a) => ["-h", "--help", "-V", "--version"].includes(a));
  if (!wantsHelp && (first === undefined || !known.includes(first)) && (args.length === 0 || args.includes("--cli"))) {
    args.unshift("start");
  }
  try {
    await program.parseAsync(args, { from: "user" });
  } catch (error) {
    fail(error, globalOptions(program));
  }
}

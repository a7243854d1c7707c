// Entry of the main process: argv -> a CLI command. `milady start --cli` runs
// headless; `milady start` inside the Electrobun app adds the desktop shell.
import { runCli } from "./cli/program";

await runCli(process.argv);

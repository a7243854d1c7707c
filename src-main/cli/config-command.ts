import type { Command } from "commander";
import { maskSecret, SECRET_KEYS } from "../../src-shared/config";
import { getPath } from "../config";
import { fail, globalOptions, openConfig } from "./context";

/** "3000" -> 3000, "true" -> true, '["a"]' -> ["a"], anything else stays a string. */
export function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export function registerConfigCommand(program: Command): void {
  const config = program.command("config").description("read and change milady.json (secrets are masked)");

  config
    .command("path")
    .description("print the config file path")
    .action((_opts, command: Command) => {
      process.stdout.write(`${openConfig(globalOptions(command)).paths.configFile}\n`);
    });

  config
    .command("get <key>")
    .description("print one effective value, e.g. `milady config get server.port`")
    .action((key: string, _opts, command: Command) => {
      const store = openConfig(globalOptions(command));
      if ((SECRET_KEYS as readonly string[]).includes(key)) {
        process.stdout.write(`${maskSecret(store.secrets()[key]) ?? "(not set)"}\n`);
        return;
      }
      const value = getPath(store.view().config, key);
      if (value === undefined) fail(new Error(`unknown key "${key}": see \`milady config show\` for the keys`));
      process.stdout.write(`${typeof value === "string" ? value : JSON.stringify(value, null, 2)}\n`);
    });

  config
    .command("set <key> <value>")
    .description("set a value (validated; written atomically), e.g. `milady config set server.port 3000`")
    .action(async (key: string, value: string, _opts, command: Command) => {
      const global = globalOptions(command);
      const store = openConfig(global);
      try {
        await store.setKey(key, (SECRET_KEYS as readonly string[]).includes(key) ? value : parseValue(value));
      } catch (error) {
        fail(error, global);
      }
      const shown = (SECRET_KEYS as readonly string[]).includes(key) ? maskSecret(value) : value;
      process.stderr.write(`set ${key} = ${shown}\n`);
    });

  config
    .command("show")
    .description("print the effective config (secrets masked)")
    .option("--json", "machine-readable JSON")
    .action((opts: { json?: boolean }, command: Command) => {
      const view = openConfig(globalOptions(command)).view();
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        `# ${view.paths.configFile}\n${JSON.stringify(view.config, null, 2)}\n\n# secrets (${view.paths.envFile})\n`,
      );
      for (const [key, value] of Object.entries(view.secrets)) process.stdout.write(`${key}=${value ?? "(not set)"}\n`);
    });
}

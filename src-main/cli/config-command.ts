import type { Command } from "commander";
import { maskSecret } from "../../src-shared/config";
import { getPath } from "../config";
import { fail, globalOptions, openConfig, UsageError } from "./context";

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

const EXAMPLES: Record<string, string> = {
  "an array": `'["name"]'`,
  "an object": `'{"key": "value"}'`,
  "a number": "3000",
  "a boolean": "true",
};

/**
 * The value as JSON: "3000" -> 3000, "true" -> true, '["a"]' -> ["a"], '{"a":1}' -> {a: 1}. Text that is
 * not JSON stays a string, unless the key holds a non-string today or the text is clearly meant as
 * JSON (starts with [ or {): then it is a usage error that says what the key takes.
 */
export function parseValue(raw: string, key = "", current?: unknown): unknown {
  try {
    return JSON.parse(raw);
  } catch (error) {
    const wanted = current === undefined || typeof current === "string" ? undefined : kindOf(current);
    const looksJson = /^\s*[[{]/.test(raw);
    if (!wanted && !looksJson) return raw;
    const why = error instanceof Error ? error.message : String(error);
    const takes = wanted ?? (raw.trim().startsWith("[") ? "an array" : "an object");
    throw new UsageError(
      `${key || "the value"} takes JSON (${takes}), and ${JSON.stringify(raw)} is not valid JSON: ${why}`,
      `Quote it for the shell, e.g. milady config set ${key || "KEY"} ${EXAMPLES[takes] ?? "'...'"}`,
    );
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
      if (store.isSecret(key)) {
        process.stdout.write(`${maskSecret(store.secrets()[key]) ?? "(not set)"}\n`);
        return;
      }
      const value = getPath(store.view().config, key);
      if (value === undefined) fail(new Error(`unknown key "${key}": see \`milady config show\` for the keys`));
      process.stdout.write(`${typeof value === "string" ? value : JSON.stringify(value, null, 2)}\n`);
    });

  config
    .command("set <key> <value>")
    .description(
      "set a value (JSON: numbers, booleans, arrays, objects; validated; written atomically), e.g. `milady config set plugins.deny '[\"name\"]'`",
    )
    .action(async (key: string, value: string, _opts, command: Command) => {
      const global = globalOptions(command);
      const store = openConfig(global);
      const secret = store.isSecret(key);
      try {
        await store.setKey(key, secret ? value : parseValue(value, key, getPath(store.current(), key)));
      } catch (error) {
        fail(error, global);
      }
      const shown = secret ? maskSecret(value) : value;
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

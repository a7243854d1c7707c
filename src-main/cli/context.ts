import type { Command } from "commander";
import type { LogLevel } from "../../src-shared/config";
import { MiladyError } from "../../src-shared/protocol";
import { ConfigError, type ConfigFlags, FileConfigStore, resolveStatePaths, type StatePaths } from "../config";

/** Options every command accepts (declared on the root program). */
export interface GlobalOptions {
  stateDir?: string;
  profile?: string;
  verbose?: boolean;
  debug?: boolean;
  color?: boolean;
}

export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals() as GlobalOptions;
}

/** Colour follows --no-color, NO_COLOR and whether stderr is a terminal. */
export function wantsColor(options: GlobalOptions): boolean {
  if (options.color === false || process.env.NO_COLOR !== undefined) return false;
  if (process.env.FORCE_COLOR) return true;
  return Boolean(process.stderr.isTTY);
}

export function logLevelFlag(options: GlobalOptions): LogLevel | undefined {
  return options.verbose || options.debug ? "debug" : undefined;
}

export function statePaths(options: GlobalOptions): StatePaths {
  return resolveStatePaths({ stateDir: options.stateDir, profile: options.profile });
}

/** Opens the config or exits with the validation message (exit 78, EX_CONFIG). */
export function openConfig(options: GlobalOptions, flags: ConfigFlags = {}): FileConfigStore {
  try {
    return new FileConfigStore({ paths: statePaths(options), profile: options.profile, flags });
  } catch (error) {
    fail(error, options);
  }
}

/** The command was called in a way that cannot work; the fix says how to call it. Exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

/** Exit codes: 78 (EX_CONFIG) for a config value that is refused, 2 for a wrong call, 1 otherwise. */
export const EXIT_CONFIG = 78;
export const EXIT_USAGE = 2;

export function fail(error: unknown, options: GlobalOptions = {}): never {
  const color = wantsColor(options);
  const red = (text: string) => (color ? `\x1b[31m${text}\x1b[0m` : text);
  if (error instanceof ConfigError) {
    process.stderr.write(`${red("milady: configuration error")}\n${error.message}\n`);
    process.exit(EXIT_CONFIG);
  }
  if (error instanceof UsageError) {
    process.stderr.write(`${red("milady:")} ${error.message}\n${error.fix}\n`);
    process.exit(EXIT_USAGE);
  }
  // A value the config store refused (validation_failed): nothing was written, same code as a bad file.
  if (error instanceof MiladyError && error.code === "validation_failed") {
    process.stderr.write(
      `${red("milady: configuration error")}\n${error.message}${error.fix ? `\n${error.fix}` : ""}\nNothing was changed.\n`,
    );
    process.exit(EXIT_CONFIG);
  }
  const message = error instanceof Error ? error.message : String(error);
  // A MiladyError carries what to do about it (the server's `fix`): said, not dropped.
  const fix = error instanceof MiladyError && error.fix ? `${error.fix}\n` : "";
  process.stderr.write(`${red("milady:")} ${message}\n${fix}`);
  if (options.debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
}

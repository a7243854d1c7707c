import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import type { StatePaths } from "./types";

export interface StateDirOptions {
  /** --state-dir flag */
  stateDir?: string;
  /** --profile NAME: state in ~/.milady-NAME */
  profile?: string;
  env?: Record<string, string | undefined>;
  home?: string;
}

const PROFILE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}$/;

export function validateProfileName(name: string): string {
  if (!PROFILE_NAME.test(name)) {
    throw new Error(`profile name "${name}" is not allowed: use letters, digits, "-" and "_" (e.g. --profile work)`);
  }
  return name;
}

/** flag > MILADY_STATE_DIR > profile (~/.milady-NAME) > ~/.milady */
export function resolveStatePaths(options: StateDirOptions = {}): StatePaths {
  const env = options.env ?? process.env;
  const home = options.home ?? env.HOME ?? homedir();
  let stateDir: string;
  if (options.stateDir) stateDir = resolve(options.stateDir);
  else if (env.MILADY_STATE_DIR) stateDir = resolve(env.MILADY_STATE_DIR);
  else if (options.profile) stateDir = join(home, `.milady-${validateProfileName(options.profile)}`);
  else stateDir = join(home, ".milady");

  const configPath = env.MILADY_CONFIG_PATH;
  const configFile = configPath
    ? isAbsolute(configPath)
      ? configPath
      : resolve(configPath)
    : join(stateDir, "milady.json");
  return {
    stateDir,
    configFile,
    envFile: join(stateDir, ".env"),
    modelsDir: join(stateDir, "models"),
    dataDir: join(stateDir, "workspace", ".eliza", ".elizadb"),
    avatarsDir: join(stateDir, "avatars"),
    logsDir: join(stateDir, "logs"),
    pluginsDir: join(stateDir, "plugins"),
  };
}

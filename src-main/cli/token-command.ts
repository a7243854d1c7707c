import type { Command } from "commander";
import { bindIsLoopback } from "../app/loopback";
import { environmentTokenFix } from "../app/run-file";
import { fail, globalOptions, openConfig, UsageError } from "./context";

/**
 * `milady token`: prints the API token a browser or a script needs for this state dir
 * (MILADY_API_TOKEN from the environment or the state .env), on stdout only, when asked.
 */
export function registerTokenCommand(program: Command): void {
  program
    .command("token")
    .description("print the API token that the dashboard and API clients need (when one is set)")
    .option("--owner", "print the owner token instead: owner access from another machine over LAN access")
    .action(async (opts: { owner?: boolean }, command: Command) => {
      const global = globalOptions(command);
      const store = openConfig(global);
      try {
        if (opts.owner) {
          const owner = store.secrets().MILADY_OWNER_TOKEN;
          if (!owner) {
            throw new UsageError(
              `no owner token yet for ${store.paths.stateDir}`,
              "It is made the first time LAN access is turned on (`milady start --lan`, or in the Settings tab).",
            );
          }
          process.stdout.write(`${owner}\n`);
          return;
        }
        const token = store.secrets().MILADY_API_TOKEN;
        const fromEnvironment = environmentTokenFix(store.paths.stateDir);
        if (!token && fromEnvironment)
          throw new UsageError(`no API token for ${store.paths.stateDir} here`, fromEnvironment);
        if (!token) {
          const bind = store.current().server.bind;
          throw new UsageError(
            `no API token is set for ${store.paths.stateDir}`,
            (await bindIsLoopback(bind))
              ? `Milady listens on ${bind} (this machine only), so it needs none. One is made when it listens on another address, or set MILADY_API_TOKEN in ${store.paths.envFile}.`
              : `Start Milady once (it makes one), or set MILADY_API_TOKEN in ${store.paths.envFile}.`,
          );
        }
        process.stdout.write(`${token}\n`);
      } catch (error) {
        fail(error, global);
      }
    });
}

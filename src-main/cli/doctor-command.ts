import { existsSync } from "node:fs";
import type { Command } from "commander";
import { runningOwner } from "../app/state-lock";
import { ConfigError, FileConfigStore } from "../config";
import { globalOptions, statePaths, wantsColor } from "./context";
import {
  type CheckResult,
  checkDatabase,
  checkDisk,
  checkModel,
  checkPort,
  checkRunningServer,
  checkRuntime,
  checkStateDir,
} from "./doctor-checks";

export async function runDoctor(store: FileConfigStore | ConfigError): Promise<CheckResult[]> {
  if (store instanceof ConfigError) {
    return [
      checkRuntime(),
      { name: "config", status: "fail", detail: store.message, fix: "fix the file or the variable named above" },
    ];
  }
  const config = store.current();
  const running = runningOwner(store.paths.stateDir);
  const port = running?.url
    ? await checkRunningServer(running.url)
    : await checkPort(config.server.bind, config.server.port);
  return [
    checkRuntime(),
    existsSync(store.paths.configFile)
      ? { name: "config", status: "ok", detail: `${store.paths.configFile} is valid` }
      : {
          name: "config",
          status: "ok",
          detail: `no config file (defaults); \`milady setup\` writes ${store.paths.configFile}`,
        },
    checkStateDir(store.paths.stateDir),
    port,
    running
      ? {
          name: "instance",
          status: "ok",
          detail: `Milady is running on this state dir (pid ${running.pid}${running.url ? `, ${running.url}` : ""})`,
        }
      : { name: "instance", status: "ok", detail: "no Milady is running on this state dir" },
    await checkDatabase(store, running),
    checkModel(store),
    checkDisk(store.paths.stateDir),
  ];
}

export function registerDoctorCommand(program: Command): void {
  program
    .command("doctor")
    .description("check that Milady can run here, with a fix for each problem")
    .option("--json", "machine-readable JSON")
    .action(async (opts: { json?: boolean }, command: Command) => {
      const global = globalOptions(command);
      let store: FileConfigStore | ConfigError;
      try {
        store = new FileConfigStore({ paths: statePaths(global), profile: global.profile });
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        store = error;
      }
      const results = await runDoctor(store);
      const failed = results.some((r) => r.status === "fail");
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ ok: !failed, checks: results }, null, 2)}\n`);
      } else {
        const color = wantsColor(global);
        const mark = {
          ok: color ? "\x1b[32m✓\x1b[0m" : "ok  ",
          warn: color ? "\x1b[33m!\x1b[0m" : "warn",
          fail: color ? "\x1b[31m✗\x1b[0m" : "FAIL",
        };
        for (const r of results) {
          process.stdout.write(`${mark[r.status]} ${r.name}: ${r.detail}\n`);
          if (r.fix && r.status !== "ok") process.stdout.write(`    fix: ${r.fix}\n`);
        }
      }
      process.exitCode = failed ? 1 : 0;
    });
}

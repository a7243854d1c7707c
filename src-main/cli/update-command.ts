import { type Command, Option } from "commander";
import { APP_ROOT } from "../app/paths";
import {
  CHANNEL_TAG,
  checkRegistry,
  detectInstallMethod,
  readLastCheck,
  type UpdateChannel,
  updateRegistry,
  updateSteps,
  writeLastCheck,
} from "../update";
import { PACKAGE_NAME, VERSION } from "../version";
import { fail, globalOptions, openConfig, UsageError } from "./context";
import { insideDesktopApp } from "./start-command";

interface UpdateOptions {
  check?: boolean;
  json?: boolean;
  channel?: UpdateChannel;
  dryRun?: boolean;
}

function channelOf(opts: UpdateOptions, command: Command): UpdateChannel {
  return opts.channel ?? openConfig(globalOptions(command)).current().updates.channel;
}

async function check(opts: UpdateOptions, command: Command) {
  const store = openConfig(globalOptions(command));
  const channel = channelOf(opts, command);
  const result = await checkRegistry({ name: PACKAGE_NAME, current: VERSION, channel });
  writeLastCheck(store.paths.stateDir, { at: Date.now(), result });
  return result;
}

async function run(step: { argv: string[]; cwd: string }): Promise<void> {
  process.stderr.write(`$ ${step.argv.join(" ")}    (in ${step.cwd})\n`);
  const proc = Bun.spawn(step.argv, { cwd: step.cwd, stdio: ["inherit", "inherit", "inherit"] });
  const code = await proc.exited;
  if (code !== 0) throw new Error(`\`${step.argv.join(" ")}\` exited with ${code}; Milady was not updated`);
}

function printStatus(opts: UpdateOptions, command: Command): void {
  const store = openConfig(globalOptions(command));
  const method = detectInstallMethod(APP_ROOT, { insideDesktopApp: insideDesktopApp() });
  const last = readLastCheck(store.paths.stateDir);
  const status = {
    current: VERSION,
    channel: store.current().updates.channel,
    mode: store.current().updates.mode,
    install: method.kind,
    registry: updateRegistry(),
    lastCheck: last ?? null,
  };
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
    return;
  }
  const found = !last
    ? "never checked"
    : last.error
      ? `failed: ${last.error}`
      : last.result?.updateAvailable
        ? `${last.result.latest} is available`
        : "up to date";
  process.stdout.write(
    `Milady ${VERSION} (${status.install} install), channel ${status.channel}, updates ${status.mode}\nlast check: ${last ? new Date(last.at).toISOString() : "-"} (${found})\n`,
  );
}

export function registerUpdateCommand(program: Command): void {
  program
    .command("update")
    .description("check npm for a newer Milady and upgrade the way this copy was installed")
    .argument("[status]", "`milady update status`: this version, the channel, the install method, the last check")
    .option("--check", "only say whether a newer version exists")
    .option("--json", "with --check or status: machine-readable JSON ({current, latest, channel, updateAvailable})")
    .option("--dry-run", "print the commands an update would run, without running them")
    .addOption(
      new Option("--channel <channel>", "stable (npm latest), beta or canary").choices(["stable", "beta", "canary"]),
    )
    .action(async (what: string | undefined, opts: UpdateOptions, command: Command) => {
      const global = globalOptions(command);
      try {
        if (what === "status") return printStatus(opts, command);
        if (what !== undefined)
          throw new UsageError(
            `unknown update action "${what}"`,
            "use `milady update`, `milady update --check` or `milady update status`",
          );
        const result = await check(opts, command);
        if (opts.check) {
          if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
          else
            process.stdout.write(
              result.updateAvailable
                ? `Milady ${result.latest} is available on ${result.channel} (this is ${result.current}): run \`milady update\`\n`
                : `Milady ${result.current} is up to date on ${result.channel} (${CHANNEL_TAG[result.channel]}: ${result.latest})\n`,
            );
          return;
        }
        if (!result.updateAvailable) {
          process.stdout.write(`Milady ${result.current} is up to date on ${result.channel}\n`);
          return;
        }
        const method = detectInstallMethod(APP_ROOT, { insideDesktopApp: insideDesktopApp() });
        const plan = updateSteps(method, {
          name: PACKAGE_NAME,
          tag: CHANNEL_TAG[result.channel],
          registry: updateRegistry(),
        });
        if ("manual" in plan)
          throw new UsageError(`cannot update ${result.current} -> ${result.latest} here`, plan.manual);
        process.stderr.write(`Updating Milady ${result.current} -> ${result.latest} (${method.kind} install):\n`);
        for (const step of plan.steps) {
          if (opts.dryRun) process.stdout.write(`${step.argv.join(" ")}\n`);
          else await run(step);
        }
        if (!opts.dryRun) process.stderr.write("Done. Restart Milady to use the new version.\n");
      } catch (error) {
        fail(error, global);
      }
    });
}

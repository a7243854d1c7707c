import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { ARCHIVE_PASSWORD_HEADER } from "../../src-shared/contracts";
import { type ArchiveImportMode, type ArchiveImportResult, MiladyError } from "../../src-shared/protocol";
import { readRunFile } from "../app/run-file";
import { runningOwner } from "../app/state-lock";
import { checkArchive, exportAgent, importAgent } from "../archive";
import type { FileConfigStore } from "../config";
import { fail, globalOptions, openConfig, UsageError } from "./context";
import { withLocalAgent } from "./local-agent";
import { answerError } from "./running-api";

/**
 * `milady export` / `milady import`. With Milady running on the state dir, both go through its API
 * (the running agent's database is the one to read or write); otherwise the CLI starts the agent
 * host itself, as headless does, for the length of the command.
 */

async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  const password = Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
  if (!password)
    throw new UsageError(
      "--password-stdin read an empty password",
      'pipe the password in, e.g. `printf %s "$PW" | milady export --password-stdin`',
    );
  return password;
}

function runningUrl(store: FileConfigStore): string | undefined {
  if (!runningOwner(store.paths.stateDir)) return undefined;
  const url = readRunFile(store.paths.stateDir)?.url;
  if (!url) {
    throw new UsageError(
      `Milady is starting on ${store.paths.stateDir}`,
      "wait until it serves (milady status), then run this again",
    );
  }
  return url;
}

const authHeader = (store: FileConfigStore): Record<string, string> => {
  const token = store.secrets().MILADY_API_TOKEN;
  return token ? { authorization: `Bearer ${token}` } : {};
};

function printImport(result: ArchiveImportResult): void {
  const rows = result.tables.reduce((n, t) => n + t.rows, 0);
  process.stdout.write(
    `Imported ${result.characterName} (agent ${result.agentId}, ${result.mode}): ${rows} rows in ${result.tables.length} tables, ${result.files} files, ${result.secretsImported} ${result.secretsImported === 1 ? "secret" : "secrets"}.\n`,
  );
  if (result.backup) process.stdout.write(`The agent it replaced is kept in ${result.backup}\n`);
  for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
}

/** Said before the export runs (it takes seconds), not as ENOENT/EISDIR after it. */
function checkOutPath(out: string, options: ReturnType<typeof globalOptions>): void {
  const path = resolve(out);
  if (existsSync(path) && statSync(path).isDirectory()) {
    fail(
      new UsageError(`--out ${out} is a directory`, `give a file name, e.g. --out ${join(out, "agent.milady")}`),
      options,
    );
  }
  if (!existsSync(dirname(path))) {
    fail(
      new UsageError(
        `the folder ${dirname(path)} does not exist`,
        "create it first, or give --out a path in an existing folder",
      ),
      options,
    );
  }
}

function failWith(error: unknown, options: ReturnType<typeof globalOptions>): never {
  if (error instanceof MiladyError) {
    process.stderr.write(`milady: ${error.message}\n${error.fix ? `${error.fix}\n` : ""}`);
    process.exit(1);
  }
  fail(error, options);
}

export function registerArchiveCommands(program: Command): void {
  program
    .command("export")
    .description(
      "write the agent (character, config, conversations, memories, knowledge, files) to one .milady archive",
    )
    .option("--out <file>", "where to write it (default: <name>-<time>.milady here)")
    .option("--password-stdin", "read a password from stdin and include the secrets (.env), encrypted with it")
    .action(async (flags: { out?: string; passwordStdin?: boolean }, command: Command) => {
      const options = globalOptions(command);
      const store = openConfig(options);
      if (flags.out) checkOutPath(flags.out, options);
      try {
        const password = flags.passwordStdin ? await readPasswordFromStdin() : undefined;
        const url = runningUrl(store);
        let bytes: Uint8Array;
        let fileName: string;
        if (url) {
          const response = await fetch(`${url}/api/agent/export`, {
            method: "POST",
            headers: { "content-type": "application/json", ...authHeader(store) },
            body: JSON.stringify(password ? { password } : {}),
          });
          if (!response.ok) throw await answerError(response, store.paths.stateDir);
          bytes = new Uint8Array(await response.arrayBuffer());
          fileName =
            /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "agent.milady";
        } else {
          ({ bytes, fileName } = await withLocalAgent(store, (agent) => exportAgent({ store, agent }, { password })));
        }
        const out = resolve(flags.out ?? fileName);
        writeFileSync(out, bytes, { mode: 0o600 });
        process.stdout.write(
          `Wrote ${out} (${(bytes.byteLength / 1024).toFixed(0)} KB${password ? ", secrets encrypted with your password" : ", without secrets"}).\n`,
        );
      } catch (error) {
        failWith(error, options);
      }
    });

  program
    .command("import <file>")
    .description("load a .milady archive into this state dir (an empty one, or --replace with a backup)")
    .option("--password-stdin", "read the export's password from stdin to bring the secrets too")
    .option("--into-empty", "only into a state dir without conversations (the default)")
    .option("--replace", "replace this state dir's agent; the current one is kept in <state>/backups/ first")
    .action(
      async (
        file: string,
        flags: { passwordStdin?: boolean; intoEmpty?: boolean; replace?: boolean },
        command: Command,
      ) => {
        const options = globalOptions(command);
        if (flags.intoEmpty && flags.replace) {
          fail(new UsageError("give --into-empty or --replace, not both", "milady import FILE --replace"), options);
        }
        if (!existsSync(file) || !statSync(file).isFile())
          fail(
            new UsageError(
              `${file} ${existsSync(file) ? "is not a file" : "does not exist"}`,
              "give the path of a .milady file",
            ),
            options,
          );
        const store = openConfig(options);
        const mode: ArchiveImportMode = flags.replace ? "replace" : "into-empty";
        try {
          const password = flags.passwordStdin ? await readPasswordFromStdin() : undefined;
          const bytes = new Uint8Array(readFileSync(file));
          const url = runningUrl(store);
          let result: ArchiveImportResult;
          if (url) {
            const form = new FormData();
            form.append("file", new Blob([bytes]), file);
            const response = await fetch(`${url}/api/agent/import?mode=${mode}`, {
              method: "POST",
              headers: { ...authHeader(store), ...(password ? { [ARCHIVE_PASSWORD_HEADER]: password } : {}) },
              body: form,
            });
            if (!response.ok) throw await answerError(response, store.paths.stateDir);
            result = (await response.json()) as ArchiveImportResult;
          } else {
            // Refused before the CLI starts an agent of its own, which would create the database.
            await checkArchive(store, bytes, { password, mode });
            result = await withLocalAgent(store, (agent, stop) =>
              importAgent({ store, agent, afterImport: stop }, bytes, { password, mode }),
            );
          }
          printImport(result);
        } catch (error) {
          failWith(error, options);
        }
      },
    );
}

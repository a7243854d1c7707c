import { existsSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { CHARACTER_FILE_MAX_BYTES } from "../../src-shared/character";
import type { CharacterImportResult } from "../../src-shared/contracts";
import { MiladyError } from "../../src-shared/protocol";
import { exportCharacterCard, exportCharacterFile, importCharacterFile } from "../character/import-character";
import { writeFileAtomic } from "../config";
import type { Logger } from "../logging";
import { fail, globalOptions, openConfig, UsageError } from "./context";
import { answerError, findRunningApi } from "./running-api";

const out = (text: string) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
const note = (text: string) => process.stderr.write(`${text}\n`);
const quiet: Logger = { error: note, warn: () => undefined, info: () => undefined, debug: () => undefined };

const FORMAT_NAMES: Record<CharacterImportResult["format"], string> = {
  elizaos: "an elizaOS character file",
  "tavern-v1": "a Tavern character card (V1)",
  "tavern-v2": "a Tavern character card V2",
  "tavern-v3": "a Tavern character card V3",
};

/** The import report as a person reads it: what came in, what did not, where the secrets went. */
export function describeImport(r: CharacterImportResult, running: boolean): string {
  const lines = [
    `${r.dryRun ? "Would import" : "Imported"} "${r.character.name}" from ${r.format === "elizaos" && r.png ? "a PNG card Milady exported (the whole elizaOS character)" : `${FORMAT_NAMES[r.format]}${r.png ? " (PNG)" : ""}`}.`,
  ];
  if (r.picture === "new") lines.push("Picture: the card's picture is the character's picture.");
  if (r.picture === "removed") lines.push("Picture: the previous character's picture is removed (this file has none).");
  if (r.secrets.length > 0) {
    lines.push(`Secrets stored in the state .env (not in milady.json):`);
    for (const s of r.secrets) {
      const use = s.usedByAgent ? "the agent uses it" : "kept in .env; nothing Milady loads reads it yet";
      lines.push(`  ${s.name} = ${s.masked}  (${use}${s.replaced ? "; replaced the value that was set" : ""})`);
    }
  }
  if (r.ignored.length > 0) {
    lines.push(`Not carried over (${r.ignored.length}):`);
    for (const line of r.ignored) lines.push(`  - ${line}`);
  }
  if (r.notes.length > 0) {
    lines.push("Converted:");
    for (const line of r.notes) lines.push(`  - ${line}`);
  }
  if (r.dryRun) lines.push("Nothing was changed (--dry-run).");
  else if (r.applied) lines.push("The running agent uses it now.");
  else if (r.applyError)
    lines.push(`Saved; the running agent did not take it (${r.applyError}); it applies at the next start.`);
  else lines.push(running ? "Saved; it applies when the agent starts." : "Saved; it applies when Milady next starts.");
  if (r.restartRequired)
    lines.push("Restart the agent so it reads the new secrets (the dashboard offers a Restart button).");
  return lines.join("\n");
}

function readInput(file: string): { bytes: Uint8Array; name: string } {
  const path = resolve(file);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new UsageError(
      `${file}: ${existsSync(path) ? "not a file" : "no such file"}`,
      "Give the path of a character file: milady character import ./ada.character.json",
    );
  }
  if (statSync(path).size > CHARACTER_FILE_MAX_BYTES) {
    throw new MiladyError(
      "payload_too_large",
      `${file} is larger than the ${CHARACTER_FILE_MAX_BYTES / 1024 / 1024} MB character files may be`,
      "pick the character card itself",
    );
  }
  return { bytes: new Uint8Array(readFileSync(path)), name: path.split(/[\\/]/).pop() ?? "character" };
}

/** A refused file: what was wrong, what to do, and that nothing changed. */
function refused(error: unknown, file: string): never {
  if (error instanceof MiladyError) {
    process.stderr.write(
      `milady: cannot import ${file}: ${error.message}\n${error.fix ? `${error.fix}\n` : ""}Nothing was changed.\n`,
    );
    process.exit(1);
  }
  throw error;
}

export function registerCharacterCommand(program: Command): void {
  const character = program
    .command("character")
    .description("import a character file (elizaOS JSON, Tavern card V2/V3 as JSON or PNG) or export one");

  character
    .command("import <file>")
    .description("replace the character with the one in FILE; prints what was not carried over")
    .option("--dry-run", "read the file and print the report; change nothing")
    .option("--json", "print the report as JSON")
    .action(async (file: string, flags: { dryRun?: boolean; json?: boolean }, cmd: Command) => {
      const options = globalOptions(cmd);
      try {
        const store = openConfig(options);
        const input = readInput(file);
        const running = await findRunningApi(store);
        let result: CharacterImportResult;
        try {
          if (running) {
            const form = new FormData();
            form.append("file", new Blob([input.bytes as Uint8Array<ArrayBuffer>]), input.name);
            const response = await fetch(`${running.url}/api/character/import${flags.dryRun ? "?dryRun=true" : ""}`, {
              method: "POST",
              headers: running.token ? { authorization: `Bearer ${running.token}` } : {},
              body: form,
              signal: AbortSignal.timeout(60_000),
            });
            if (!response.ok) throw await answerError(response, store.paths.stateDir);
            result = (await response.json()) as CharacterImportResult;
          } else {
            result = await importCharacterFile({ config: store, log: quiet }, input.bytes, { dryRun: flags.dryRun });
          }
        } catch (error) {
          refused(error, file);
        }
        out(flags.json ? JSON.stringify(result, null, 2) : describeImport(result, Boolean(running)));
      } catch (error) {
        fail(error, options);
      }
    });

  character
    .command("export")
    .description(
      "write the character as an elizaOS character file (no secrets); to stdout without --out. --card: a Tavern V2 card PNG with the character's picture",
    )
    .option("--out <file>", "write to this file instead of stdout")
    .option("--card", "write a PNG character card (needs --out; the character must have a picture)")
    .action(async (flags: { out?: string; card?: boolean }, cmd: Command) => {
      const options = globalOptions(cmd);
      try {
        if (flags.card && !flags.out) {
          throw new UsageError("--card writes a PNG, which does not belong on stdout", "add --out <file>.png");
        }
        const store = openConfig(options);
        const running = await findRunningApi(store);
        let data: string | Uint8Array;
        if (running) {
          const route = flags.card ? "/api/character/export/card" : "/api/character/export";
          const response = await fetch(`${running.url}${route}`, {
            headers: running.token ? { authorization: `Bearer ${running.token}` } : {},
            signal: AbortSignal.timeout(15_000),
          });
          if (!response.ok) throw await answerError(response, store.paths.stateDir);
          data = flags.card ? new Uint8Array(await response.arrayBuffer()) : await response.text();
        } else {
          data = flags.card ? exportCharacterCard(store).bytes : exportCharacterFile(store).text;
        }
        if (!flags.out) return void process.stdout.write(data);
        writeFileAtomic(resolve(flags.out), data);
        note(
          flags.card
            ? `Wrote ${resolve(flags.out)} (a Tavern V2 character card with the picture; Milady reads the whole character back from it; secrets stay in the state .env).`
            : `Wrote ${resolve(flags.out)} (an elizaOS character file; secrets stay in the state .env).`,
        );
      } catch (error) {
        fail(error, options);
      }
    });
}

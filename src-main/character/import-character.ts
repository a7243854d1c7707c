import { existsSync, readFileSync } from "node:fs";
import { inflateSync } from "node:zlib";
import {
  exportFileName,
  maskedSecrets,
  readCharacterFile,
  toCardPng,
  toElizaCharacterFile,
} from "../../src-shared/character";
import { API_WRITABLE_SECRETS, pluginSecretNames } from "../../src-shared/config";
import { type CharacterImportResult, characterContract } from "../../src-shared/contracts";
import { type Character, MiladyError } from "../../src-shared/protocol";
import type { AgentController } from "../agent-host/types";
import type { ConfigStore } from "../config";
import type { Logger } from "../logging";
import { asWireError } from "../server/respond";
import { picturePath, removePicture, stagePicture } from "./picture";

/** States in which the agent has a runtime that can take the new character at once. */
const LIVE_STATES = new Set(["running", "paused"]);

export interface CharacterDeps {
  config: ConfigStore;
  log: Logger;
  /** The agent host; absent for the CLI working on the state directly (the next start picks the character up). */
  agent?: AgentController;
}

/**
 * Applies a saved character to the running agent, as PUT /api/character does: the agent's
 * character module updates the runtime and the agents table. Saved is what matters; a failure
 * here is reported and the next start picks it up.
 */
export async function applyToAgent(
  deps: CharacterDeps,
  character: Character,
): Promise<{ applied: boolean; applyError?: string }> {
  const { agent, log } = deps;
  if (!agent || !LIVE_STATES.has(agent.status().state)) return { applied: false };
  try {
    await agent.call(characterContract, "apply", { character });
    return { applied: true };
  } catch (error) {
    const applyError = asWireError(error)?.message ?? "the running agent did not accept it";
    log.warn(`character saved but not applied to the running agent: ${applyError}`);
    return { applied: false, applyError };
  }
}

const inflate = (data: Uint8Array) => new Uint8Array(inflateSync(data, { maxOutputLength: 32 * 1024 * 1024 }));

/**
 * Imports a character file: reads and checks it first (a refused file changes nothing), then
 * stages the picture, saves the character and its secrets in one config write (secrets to the
 * state .env), puts the picture in place and applies the character to the running agent.
 */
export async function importCharacterFile(
  deps: CharacterDeps,
  bytes: Uint8Array,
  options: { dryRun?: boolean } = {},
): Promise<CharacterImportResult> {
  const { config, log } = deps;
  const read = readCharacterFile(bytes, { inflate });
  const hadPicture = existsSync(picturePath(config.paths));
  const picture = read.picture ? "new" : hadPicture ? "removed" : "none";
  const agentSecrets = new Set<string>([...API_WRITABLE_SECRETS, ...pluginSecretNames(config.current().plugins)]);
  const known = config.secrets();
  const report = (replaced: string[]) =>
    maskedSecrets(read.secrets.values).map((s) => ({
      ...s,
      usedByAgent: agentSecrets.has(s.name),
      replaced: replaced.includes(s.name),
    }));
  const base = {
    format: read.format,
    png: read.png,
    character: read.character,
    notes: read.notes,
    ignored: read.ignored,
    picture,
  } as const;
  if (options.dryRun) {
    const replaced = Object.keys(read.secrets.values).filter((k) => known[k] && known[k] !== read.secrets.values[k]);
    return { ...base, secrets: report(replaced), dryRun: true, applied: false, restartRequired: false };
  }

  const staged = read.picture ? stagePicture(config.paths, read.picture) : undefined;
  let saved: Awaited<ReturnType<ConfigStore["setCharacter"]>>;
  try {
    saved = await config.setCharacter(read.character, { secrets: read.secrets.values });
  } catch (error) {
    staged?.discard();
    throw error;
  }
  if (staged) staged.commit();
  else if (hadPicture) removePicture(config.paths);
  const names = Object.keys(read.secrets.values);
  log.info(
    `character "${read.character.name}" imported (${read.format}${read.png ? " PNG" : ""}; ${read.ignored.length} fields not carried${names.length ? `; secrets stored in .env: ${names.join(", ")}` : ""})`,
  );
  const applied = await applyToAgent(deps, read.character);
  return {
    ...base,
    secrets: report(saved.replacedSecrets),
    dryRun: false,
    ...applied,
    restartRequired: saved.restartRequired,
  };
}

/** The export file: its name and its text (an elizaOS character file, no secrets). */
export function exportCharacterFile(config: ConfigStore): { fileName: string; text: string; name: string } {
  const character = config.current().character;
  return {
    name: character.name,
    fileName: exportFileName(character.name),
    text: `${JSON.stringify(toElizaCharacterFile(character), null, 2)}\n`,
  };
}

const NO_PICTURE_FIX =
  "import a PNG character card to give the character a picture, or export it as an elizaOS file (.json) instead";

/** The character as a Tavern V2 card PNG (its picture carries the card); not_found when it has no picture. */
export function exportCharacterCard(config: ConfigStore): { fileName: string; bytes: Uint8Array; name: string } {
  const character = config.current().character;
  const path = picturePath(config.paths);
  if (!existsSync(path)) {
    throw new MiladyError("not_found", "the character has no picture to make a card of", NO_PICTURE_FIX);
  }
  return {
    name: character.name,
    fileName: exportFileName(character.name).replace(/\.character\.json$/, ".card.png"),
    bytes: toCardPng(character, new Uint8Array(readFileSync(path))),
  };
}

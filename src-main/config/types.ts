import type { MiladyConfig } from "../../src-shared/config";
import type { Character, ConfigPatch, ConfigView } from "../../src-shared/protocol";

/** Where a profile keeps its files. */
export interface StatePaths {
  stateDir: string;
  configFile: string;
  envFile: string;
  modelsDir: string;
  /** PGlite data directory: <state>/workspace/.eliza/.elizadb */
  dataDir: string;
  avatarsDir: string;
  logsDir: string;
  pluginsDir: string;
}

export interface CharacterSaved {
  /** Secret names that already had a value (in the state .env or the environment), now replaced. */
  replacedSecrets: string[];
  /** Secrets the running agent only reads at its next start were written. */
  restartRequired: boolean;
}

/**
 * The effective configuration and the only way to change it. Every write is
 * validated first and lands atomically (temp file + rename); an invalid file on
 * disk is never overwritten.
 */
export interface ConfigStore {
  readonly paths: StatePaths;
  /** Effective config: flags > env > .env > milady.json > profile > defaults. */
  current(): MiladyConfig;
  /** Secrets in effect (env, .env), unmasked: for the agent boot only, never for the wire. */
  secrets(): Record<string, string>;
  /** The config as the API shows it: secrets masked. */
  view(): ConfigView;
  /** Validates and persists a partial change; throws MiladyError("validation_failed") naming the key. */
  patch(patch: ConfigPatch): Promise<ConfigView>;
  /**
   * Replaces the character. `secrets` (from an imported character file) go to the state .env in
   * the same write, never to milady.json; names Milady refuses (its own settings, addresses)
   * throw before anything is written.
   */
  setCharacter(character: Character, options?: { secrets?: Record<string, string> }): Promise<CharacterSaved>;
  /**
   * Counts saved changes that a running agent only picks up at its next start (models, plugins,
   * secrets...; not character, ui, logging). The agent host compares it with the count it booted with.
   */
  restartGeneration(): number;
  /** Called after every successful write. */
  onChange(listener: (config: MiladyConfig) => void): () => void;
}

import { chmodSync, existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { refusedSecretName } from "../../src-shared/character/character-secrets";
import {
  API_WRITABLE_SECRETS,
  defaultConfig,
  type MiladyConfig,
  maskSecret,
  maskUrlCredentials,
  pluginSecretNames,
  SECRET_KEYS,
} from "../../src-shared/config";
import { type Character, type ConfigPatch, type ConfigView, MiladyError } from "../../src-shared/protocol";
import { writeFileAtomic } from "./atomic-write";
import { type ConfigFlags, resolveEffectiveConfig } from "./cascade";
import { ConfigError } from "./config-error";
import { deepMerge, isPlainObject, type Plain, setPath } from "./deep-merge";
import { parseEnvText, updateEnvText } from "./env-file";
import { readRawConfig, validateRaw } from "./load-file";
import { checkModelRefs } from "./model-refs";
import { collectSecrets } from "./secrets";
import type { CharacterSaved, ConfigStore, StatePaths } from "./types";

export interface ConfigStoreOptions {
  paths: StatePaths;
  profile?: string;
  flags?: ConfigFlags;
  env?: Record<string, string | undefined>;
  /** Directory whose .env is read too (the working directory by default). */
  cwd?: string;
}

/** Keys whose change applies without restarting the agent (`updates` and `desktop` are main's alone: their services follow them; `autonomy` is pushed to the agent). */
export const LIVE_KEYS = new Set(["character", "ui", "logging", "updates", "desktop", "autonomy"]);

/** Keys under `server` that the LAN service applies at once (the others need the server restarted). */
const LIVE_SERVER_KEYS = new Set(["lan", "pairing"]);
/** Main's own secrets: the agent never sees them, so changing one needs no agent restart. */
const MAIN_SECRETS = new Set(["MILADY_API_TOKEN", "MILADY_OWNER_TOKEN"]);

/** True when a patch changes something the running agent only reads at its start. */
export function needsRestart(patch: ConfigPatch): boolean {
  const config = (patch.config ?? {}) as Record<string, unknown>;
  const touched = Object.keys(config).some((key) => {
    if (LIVE_KEYS.has(key)) return false;
    const server = config.server;
    if (key === "server" && server && typeof server === "object") {
      return Object.keys(server).some((k) => !LIVE_SERVER_KEYS.has(k));
    }
    return true;
  });
  return touched || Object.keys(patch.secrets ?? {}).some((key) => !MAIN_SECRETS.has(key));
}

/**
 * A partial patch of a section the file does not have yet (e.g. only
 * character.name) is merged over the built-in defaults of that section, not over
 * nothing; defaults, not the effective config, so env and flag values never leak into the file.
 */
function seedFromDefaults(file: Plain, patch: Plain): Plain {
  const defaults = defaultConfig() as unknown as Plain;
  const seeded: Plain = { ...file };
  for (const key of Object.keys(patch)) {
    if (seeded[key] === undefined && isPlainObject(defaults[key]) && isPlainObject(patch[key])) {
      seeded[key] = structuredClone(defaults[key]);
    }
  }
  return seeded;
}

function readEnvFile(file: string): Record<string, string> {
  return existsSync(file) ? parseEnvText(readFileSync(file, "utf8")) : {};
}

export class FileConfigStore implements ConfigStore {
  readonly paths: StatePaths;
  private raw: Plain = {};
  private effective!: MiladyConfig;
  private env: Record<string, string | undefined> = {};
  private readonly listeners = new Set<(config: MiladyConfig) => void>();
  private writes: Promise<unknown> = Promise.resolve();
  private generation = 0;
  /** The files' signature when last read: a change made outside this store (`milady config set`, an editor) is read again. */
  private seen = "";

  /** Throws ConfigError when milady.json, the environment or a flag is invalid. */
  constructor(private readonly options: ConfigStoreOptions) {
    this.paths = options.paths;
    this.reload();
  }

  reload(): void {
    const seen = this.fileSignature();
    const cwdEnv = readEnvFile(join(this.options.cwd ?? process.cwd(), ".env"));
    const stateEnv = readEnvFile(this.paths.envFile);
    // .env in cwd < .env in the state dir < the real environment
    // An empty variable counts as unset, so `KEY=` in the shell does not hide the .env value.
    const live = Object.fromEntries(
      Object.entries(this.options.env ?? process.env).filter(([, v]) => v !== undefined && v !== ""),
    );
    const env = { ...cwdEnv, ...stateEnv, ...live };
    const raw = readRawConfig(this.paths.configFile);
    // Computed before anything is kept: a file that does not validate changes nothing here.
    this.effective = resolveEffectiveConfig({
      file: raw,
      fileName: this.paths.configFile,
      profile: this.options.profile,
      env,
      flags: this.options.flags ?? {},
    });
    this.env = env;
    this.raw = raw;
    this.seen = seen;
  }

  /** mtime and size of milady.json and the state .env ("-" for a missing one). */
  private fileSignature(): string {
    return [this.paths.configFile, this.paths.envFile]
      .map((file) => {
        try {
          const st = statSync(file);
          return `${st.mtimeMs}:${st.size}`;
        } catch {
          return "-";
        }
      })
      .join("|");
  }

  /**
   * Reads the files again when someone else wrote them (`milady config set` while Milady
   * runs, a hand edit), so the next agent start uses what the user saved. A file that no
   * longer validates is left alone: the running config stays, and the next start reports it.
   */
  private refreshFromDisk(): void {
    const now = this.fileSignature();
    if (now === this.seen) return;
    const before = this.effective;
    try {
      this.reload();
    } catch {
      this.seen = now;
      return;
    }
    if (before !== this.effective) for (const listener of this.listeners) listener(this.effective);
  }

  current(): MiladyConfig {
    this.refreshFromDisk();
    return this.effective;
  }

  /** The file's own content (without env/flags), for `milady config get --file`. */
  fileConfig(): Plain {
    return this.raw;
  }

  secrets(): Record<string, string> {
    this.refreshFromDisk();
    return collectSecrets(this.env, this.pluginSecrets());
  }

  /** Secret names the configured plugins declare (plugins.entries.*.secrets): masked and write-only like SECRET_KEYS. */
  pluginSecrets(): string[] {
    return pluginSecretNames(this.effective.plugins).filter(
      (name) => !(SECRET_KEYS as readonly string[]).includes(name),
    );
  }

  /** True for a name whose value lives in the state .env: Milady's secrets and those plugins declare. */
  isSecret(key: string): boolean {
    return (SECRET_KEYS as readonly string[]).includes(key) || this.pluginSecrets().includes(key);
  }

  view(): ConfigView {
    const config = structuredClone(this.current()) as MiladyConfig;
    if (config.database.postgresUrl) config.database.postgresUrl = maskUrlCredentials(config.database.postgresUrl);
    const secrets: Record<string, string | null> = {};
    const present = this.secrets();
    for (const key of [...SECRET_KEYS, ...this.pluginSecrets()]) {
      secrets[key] = present[key] ? maskSecret(present[key])! : null;
    }
    return { config, secrets, paths: { ...this.paths } };
  }

  patch(patch: ConfigPatch, options: { allowAnySecret?: boolean } = {}): Promise<ConfigView> {
    const run = this.writes.then(() => this.applyPatch(patch, options));
    this.writes = run.catch(() => undefined);
    return run;
  }

  setCharacter(character: Character, options: { secrets?: Record<string, string> } = {}): Promise<CharacterSaved> {
    // Replace the whole character (a merge would keep deleted bio lines).
    const run = this.writes.then(() => {
      const secrets = options.secrets ?? {};
      for (const name of Object.keys(secrets)) {
        const refused = refusedSecretName(name);
        if (refused) throw new MiladyError("validation_failed", `secrets.${name}: ${refused}`);
      }
      const replacedSecrets = Object.keys(secrets).filter((name) => this.env[name] && this.env[name] !== secrets[name]);
      // Only the secrets the agent is handed (provider keys, declared plugin secrets) need a restart.
      const restartRequired = Object.keys(secrets).some((name) => this.isSecret(name));
      const fresh = this.freshRaw();
      const next = { ...fresh, character };
      if (restartRequired) this.generation += 1; // before commit: its listeners read the new count
      this.commit(next, secrets);
      return { replacedSecrets, restartRequired };
    });
    this.writes = run.catch(() => undefined);
    return run;
  }

  /** Sets one dotted config key or one secret (CLI `config set`). */
  async setKey(key: string, value: unknown): Promise<void> {
    if (this.isSecret(key)) {
      await this.patch({ secrets: { [key]: String(value) } }, { allowAnySecret: true });
      return;
    }
    await this.patch({ config: setPath({}, key, value) });
  }

  onChange(listener: (config: MiladyConfig) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  restartGeneration(): number {
    return this.generation;
  }

  private applyPatch(patch: ConfigPatch, options: { allowAnySecret?: boolean }): ConfigView {
    // A plugin's declared secrets are writable too, including those the same patch declares.
    const declared = [
      ...pluginSecretNames(this.effective.plugins),
      ...pluginSecretNames(isPlainObject(patch.config?.plugins) ? (patch.config.plugins as never) : undefined),
    ];
    const allowed: readonly string[] = [...(options.allowAnySecret ? SECRET_KEYS : API_WRITABLE_SECRETS), ...declared];
    for (const name of Object.keys(patch.secrets ?? {})) {
      if (!allowed.includes(name)) {
        const why =
          name === "MILADY_API_TOKEN"
            ? "the API token cannot be changed over the API; set MILADY_API_TOKEN in the environment or run `milady config set MILADY_API_TOKEN ...`"
            : `unknown secret; allowed: ${allowed.join(", ")}`;
        throw new MiladyError("validation_failed", `secrets.${name}: ${why}`);
      }
    }
    checkModelRefs(patch.config, this.paths.modelsDir);
    const fresh = this.freshRaw();
    const next = patch.config ? deepMerge(seedFromDefaults(fresh, patch.config), patch.config) : fresh;
    const restartRequired = needsRestart(patch);
    if (restartRequired) this.generation += 1; // before commit: its listeners read the new count
    this.commit(next, patch.secrets ?? {});
    return { ...this.view(), restartRequired };
  }

  /** Re-reads the file so a hand edit is never clobbered; an invalid file blocks every write. */
  private freshRaw(): Plain {
    try {
      return readRawConfig(this.paths.configFile);
    } catch (error) {
      if (error instanceof ConfigError) throw new MiladyError("validation_failed", error.message);
      throw error;
    }
  }

  /**
   * Replaces the whole milady.json (an imported agent archive) and merges `secrets` into the
   * state .env; validated with env and flags first, written atomically like every other write.
   */
  replaceAll(next: Plain, secrets: Record<string, string> = {}): Promise<void> {
    const run = this.writes.then(() => {
      this.generation += 1;
      this.commit(next, secrets);
    });
    this.writes = run.catch(() => undefined);
    return run;
  }

  /** Throws validation_failed when `next` would be refused, without writing (an import checks before it changes anything). */
  checkReplacement(next: Plain): void {
    this.validateNext(next);
  }

  private validateNext(next: Plain): void {
    try {
      validateRaw(next, this.paths.configFile);
      // The change must also be valid together with env and flags before anything is written.
      resolveEffectiveConfig({
        file: next,
        fileName: this.paths.configFile,
        profile: this.options.profile,
        env: this.env,
        flags: this.options.flags ?? {},
      });
    } catch (error) {
      if (error instanceof ConfigError) throw new MiladyError("validation_failed", error.message);
      throw error;
    }
    if (!isPlainObject(next)) throw new MiladyError("validation_failed", "config must be an object");
  }

  private commit(next: Plain, secrets: Record<string, string>): void {
    this.validateNext(next);
    writeFileAtomic(this.paths.configFile, `${JSON.stringify(next, null, 2)}\n`);
    if (Object.keys(secrets).length > 0) {
      const current = existsSync(this.paths.envFile) ? readFileSync(this.paths.envFile, "utf8") : "";
      const updates = Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, v === "" ? null : v]));
      writeFileAtomic(this.paths.envFile, updateEnvText(current, updates), 0o600);
      chmodSync(this.paths.envFile, 0o600);
    }
    this.reload();
    for (const listener of this.listeners) listener(this.effective);
  }
}

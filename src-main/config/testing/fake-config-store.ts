/**
 * FakeConfigStore — an in-memory ConfigStore (a test double). It validates with the real
 * configSchema and merges with the real deepMerge, so "null removes the key" and every
 * validation rule hold exactly as in FileConfigStore; only the files are missing.
 */
import {
  API_WRITABLE_SECRETS,
  configSchema,
  defaultConfig,
  type MiladyConfig,
  maskSecret,
  pluginSecretNames,
  SECRET_KEYS,
} from "../../../src-shared/config";
import { type Character, type ConfigPatch, type ConfigView, MiladyError } from "../../../src-shared/protocol";
import { describeIssues } from "../config-error";
import { deepMerge, type Plain } from "../deep-merge";
import { checkModelRefs } from "../model-refs";
import { resolveStatePaths } from "../paths";
import { needsRestart } from "../store";
import type { ConfigStore, StatePaths } from "../types";

export class FakeConfigStore implements ConfigStore {
  readonly paths: StatePaths;
  private config: MiladyConfig = defaultConfig();
  private readonly secretValues: Record<string, string> = {};
  private readonly listeners = new Set<(config: MiladyConfig) => void>();
  readonly patches: ConfigPatch[] = [];
  private generation = 0;

  constructor(stateDir: string, initial: Record<string, unknown> = {}) {
    this.paths = resolveStatePaths({ stateDir, env: {} });
    this.config = configSchema.parse(initial);
  }

  current(): MiladyConfig {
    return this.config;
  }

  secrets(): Record<string, string> {
    return { ...this.secretValues };
  }

  view(): ConfigView {
    const secrets: Record<string, string | null> = {};
    for (const key of new Set([...SECRET_KEYS, ...pluginSecretNames(this.config.plugins)])) {
      secrets[key] = this.secretValues[key] ? maskSecret(this.secretValues[key])! : null;
    }
    const { pluginsDir: _p, ...paths } = this.paths;
    return { config: structuredClone(this.config), secrets, paths };
  }

  async patch(patch: ConfigPatch): Promise<ConfigView> {
    // As in FileConfigStore: a plugin's declared secrets are writable too (including those this patch declares).
    const declared = [
      ...pluginSecretNames(this.config.plugins),
      ...pluginSecretNames((patch.config as { plugins?: never } | undefined)?.plugins),
    ];
    for (const name of Object.keys(patch.secrets ?? {})) {
      if (!(API_WRITABLE_SECRETS as readonly string[]).includes(name) && !declared.includes(name))
        throw new MiladyError("validation_failed", `secrets.${name}: not writable`);
    }
    checkModelRefs(patch.config, this.paths.modelsDir);
    const merged = deepMerge(this.config as unknown as Plain, (patch.config ?? {}) as Plain);
    const result = configSchema.safeParse(merged);
    if (!result.success) throw new MiladyError("validation_failed", describeIssues(result.error.issues).text);
    this.patches.push(patch);
    this.config = result.data;
    const restartRequired = needsRestart(patch);
    if (restartRequired) this.generation += 1;
    for (const [key, value] of Object.entries(patch.secrets ?? {})) {
      if (value === "") delete this.secretValues[key];
      else this.secretValues[key] = value;
    }
    for (const listener of this.listeners) listener(this.config);
    return { ...this.view(), restartRequired };
  }

  async setCharacter(character: Character, options: { secrets?: Record<string, string> } = {}) {
    const secrets = options.secrets ?? {};
    const replacedSecrets = Object.keys(secrets).filter(
      (k) => this.secretValues[k] && this.secretValues[k] !== secrets[k],
    );
    Object.assign(this.secretValues, secrets);
    this.config = { ...this.config, character };
    const restartRequired = Object.keys(secrets).some((k) => (API_WRITABLE_SECRETS as readonly string[]).includes(k));
    if (restartRequired) this.generation += 1;
    return { replacedSecrets, restartRequired };
  }

  restartGeneration(): number {
    return this.generation;
  }

  onChange(listener: (config: MiladyConfig) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

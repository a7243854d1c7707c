import { maskSecret } from "../config/mask";
import { isPlainObject, jsonTypeName } from "./report";

/**
 * The secrets a character file carries (`secrets`, `settings.secrets`, and `settings` keys named
 * like an environment secret, e.g. `settings.OPENAI_API_KEY`). They go to the state .env, never
 * to milady.json; the normaliser drops them from the character itself.
 */
export interface CharacterSecrets {
  /** Name -> value, for the state .env. Never log or return these. */
  values: Record<string, string>;
  /** "path: why" for each secret that is not stored. */
  refused: string[];
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A settings key that is an environment secret: OPENAI_API_KEY, DISCORD_API_TOKEN, TWITTER_PASSWORD... */
const ENV_SECRET = /^[A-Z][A-Z0-9_]*_(API_KEY|KEY|TOKEN|SECRET|PASSWORD|PRIVATE_KEY)$/;

/**
 * Names a character may not set: they change how Milady itself runs (its port, token, models'
 * addresses, database), and a file from the internet must not redirect the user's keys or data.
 */
export function refusedSecretName(name: string): string | undefined {
  if (!ENV_NAME.test(name)) return "not a name the .env can hold (letters, digits and _ only)";
  if (/^MILADY_/i.test(name)) return "Milady's own settings are not set by a character file";
  if (/(_BASE_URL|_ENDPOINT|_URL)$/i.test(name) || name === "LOG_LEVEL") {
    return "an address or setting that changes where Milady sends requests or data; set it yourself with `milady config set` if you mean it";
  }
  return undefined;
}

function collect(source: unknown, at: string, out: CharacterSecrets, only?: (name: string) => boolean): void {
  if (!isPlainObject(source)) return;
  for (const [name, value] of Object.entries(source)) {
    if (only && !only(name)) continue;
    const path = `${at}.${name}`;
    if (value === undefined || value === null || value === "") continue;
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      out.refused.push(`${path}: ${jsonTypeName(value)}, not a value a .env can hold`);
      continue;
    }
    const refused = refusedSecretName(name);
    if (refused) out.refused.push(`${path}: ${refused}`);
    else out.values[name] = String(value);
  }
}

export function readCharacterSecrets(input: Record<string, unknown>): CharacterSecrets {
  const out: CharacterSecrets = { values: {}, refused: [] };
  const settings = isPlainObject(input.settings) ? input.settings : {};
  collect(settings, "settings", out, (name) => ENV_SECRET.test(name));
  collect(settings.secrets, "settings.secrets", out);
  // Top-level `secrets` is elizaOS 1.x's place; it wins over settings.secrets for the same name.
  collect(input.secrets, "secrets", out);
  return out;
}

/** Names with masked values, for the import report: enough to recognise a key, never to use it. */
export function maskedSecrets(values: Record<string, string>): { name: string; masked: string }[] {
  return Object.entries(values).map(([name, value]) => ({ name, masked: maskSecret(value) ?? "" }));
}

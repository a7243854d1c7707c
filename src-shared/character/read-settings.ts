import { isAbsent } from "./read-lists";
import { formatPath, isPlainObject, jsonTypeName, type NormaliseReport, type PathSegment } from "./report";

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Keys that hold a secret wherever they sit in `settings`: `OPENAI_API_KEY`, `apiKey`,
 * `DISCORD_API_TOKEN`, `walletPrivateKey`... (`maxTokens` is not one: no `_` before "token").
 */
const SECRET_KEY = /api[_-]?key|secret|password|passphrase|private[_-]?key|mnemonic|seed[_-]?phrase|(^|_)token$/i;

export const SECRETS_FIX =
  "put secrets in the state .env (next to milady.json) as KEY=value, e.g. OPENAI_API_KEY=...; Milady reads provider keys from there";

function isEmpty(value: unknown): boolean {
  return isAbsent(value) || value === "" || (isPlainObject(value) && Object.keys(value).length === 0);
}

/** Names the keys of a secrets object, never its values. */
function secretNames(value: unknown): string {
  return isPlainObject(value) ? ` (${Object.keys(value).join(", ")})` : "";
}

/**
 * A secret in a character file (`settings.secrets`, a top-level `secrets`, or a key that
 * looks like one) is never kept: the character is written to milady.json and the agents
 * table. An empty one holds nothing and only gets a note.
 */
export function dropSecret(value: unknown, at: PathSegment[], report: NormaliseReport): void {
  if (isEmpty(value)) {
    report.note(`${formatPath(at)}: empty, dropped`);
    return;
  }
  report.drop(at, `secrets are never stored in milady.json${secretNames(value)}`, SECRETS_FIX);
}

function withoutSecrets(value: Record<string, unknown>, at: PathSegment[], report: NormaliseReport) {
  const out: Record<string, JsonValue> = {};
  for (const [key, inner] of Object.entries(value)) {
    const innerAt = [...at, key];
    if (key === "secrets" || SECRET_KEY.test(key)) dropSecret(inner, innerAt, report);
    else if (isPlainObject(inner)) out[key] = withoutSecrets(inner, innerAt, report);
    else if (inner !== undefined) out[key] = inner as JsonValue;
  }
  return out;
}

/** `settings` minus every secret; kept with the character, not applied to the runtime. */
export function readSettings(value: unknown, report: NormaliseReport): Record<string, JsonValue> | undefined {
  if (isAbsent(value)) return undefined;
  const at: PathSegment[] = ["settings"];
  if (!isPlainObject(value)) {
    report.problem(at, `must be an object, not ${jsonTypeName(value)}`, 'write it as {"key": value}, or remove it');
    return undefined;
  }
  const settings = withoutSecrets(value, at, report);
  if (Object.keys(settings).length === 0) return undefined;
  report.note(
    `settings: kept with the character (${Object.keys(settings).join(", ")}); not applied to the agent: Milady's own config chooses the model and the database`,
  );
  return settings;
}

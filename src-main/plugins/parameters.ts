import { looksSecret, maskSecret, type PluginEntry } from "../../src-shared/config";
import type { PluginParameter } from "../../src-shared/contracts";
import { MiladyError } from "../../src-shared/protocol";
import type { PluginPackageJson } from "./package-info";

/**
 * A plugin's settings, from the 1.x convention `agentConfig.pluginParameters` in its
 * package.json: `{NAME: {type, description, required, sensitive?, default?}}`. Non-secret values
 * live in plugins.entries.<name>.config; secret ones in the state .env, declared in
 * plugins.entries.<name>.secrets so the config store masks them and lets them be written.
 */

type Value = string | number | boolean;

export interface ParameterSpec {
  key: string;
  type: string;
  description?: string;
  required: boolean;
  secret: boolean;
  default?: Value;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function asValue(value: unknown): Value | undefined {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? value : undefined;
}

export function parameterSpecs(pkg: PluginPackageJson | undefined): ParameterSpec[] {
  const raw = pkg?.agentConfig?.pluginParameters;
  if (!raw || typeof raw !== "object") return [];
  return Object.entries(raw)
    .filter(([key]) => KEY.test(key))
    .map(([key, def]) => {
      const d = (def && typeof def === "object" ? def : {}) as Record<string, unknown>;
      return {
        key,
        type: typeof d.type === "string" ? d.type : "string",
        description: typeof d.description === "string" ? d.description : undefined,
        required: d.required === true,
        secret: d.sensitive === true || looksSecret(key),
        default: asValue(d.default),
      };
    });
}

/** The parameters with their values in effect; a secret's value is only ever its mask. */
export function parameterValues(
  specs: ParameterSpec[],
  entry: PluginEntry | undefined,
  secrets: Record<string, string>,
): PluginParameter[] {
  return specs.map((spec) => {
    const raw = spec.secret ? secrets[spec.key] : entry?.config?.[spec.key];
    const value = raw === undefined || raw === "" ? null : spec.secret ? (maskSecret(String(raw)) ?? null) : raw;
    return { ...spec, value, set: value !== null };
  });
}

function coerce(spec: ParameterSpec, value: Value): Value {
  const type = spec.type.toLowerCase();
  if (type === "number" || type === "integer") {
    const n = typeof value === "number" ? value : Number(value);
    if (!Number.isFinite(n) || (type === "integer" && !Number.isInteger(n))) {
      throw new MiladyError("validation_failed", `${spec.key}: must be a ${type} (got ${JSON.stringify(value)})`);
    }
    return n;
  }
  if (type === "boolean") {
    if (typeof value === "boolean") return value;
    if (value === "true" || value === "false") return value === "true";
    throw new MiladyError("validation_failed", `${spec.key}: must be true or false (got ${JSON.stringify(value)})`);
  }
  return String(value);
}

/** The config patch and the secrets a configure writes; null or "" removes a value. */
export function configurePatch(
  name: string,
  specs: ParameterSpec[],
  values: Record<string, Value | null>,
  current: PluginEntry | undefined,
): { config: Record<string, unknown>; secrets: Record<string, string> } {
  const known = new Map(specs.map((spec) => [spec.key, spec]));
  const config: Record<string, Value | null> = {};
  const secrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (!KEY.test(key)) throw new MiladyError("validation_failed", `values.${key}: not a parameter name`);
    // A plugin without declared parameters still takes settings; their secrecy is judged by name.
    const spec =
      known.get(key) ??
      (specs.length === 0 ? { key, type: "string", required: false, secret: looksSecret(key) } : undefined);
    if (!spec) {
      throw new MiladyError(
        "validation_failed",
        `values.${key}: ${name} has no parameter ${key}`,
        `Its parameters: ${specs.map((s) => s.key).join(", ")}`,
      );
    }
    const empty = value === null || value === "";
    if (spec.secret) secrets[key] = empty ? "" : String(value);
    // A null merged into a missing object would be kept as null: only remove what is there.
    else if (!empty) config[key] = coerce(spec, value as Value);
    else if (current?.config?.[key] !== undefined) config[key] = null;
  }
  const declared = [
    ...new Set([
      ...(current?.secrets ?? []),
      ...specs.filter((s) => s.secret).map((s) => s.key),
      ...Object.keys(secrets),
    ]),
  ];
  const entry: Record<string, unknown> = {};
  if (Object.keys(config).length > 0) entry.config = config;
  if (declared.length > 0) entry.secrets = declared;
  return { config: { plugins: { entries: { [name]: entry } } }, secrets };
}
